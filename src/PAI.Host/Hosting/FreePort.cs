using System.Net;
using System.Net.Sockets;

namespace PAI.Host.Hosting;

/// <summary>Finds a free loopback TCP port, so that several embedded hosts (and tests) can run side by side.</summary>
internal static class FreePort
{
    public static int Find()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
