using System.Net;
using System.Net.Sockets;

namespace PAI.Host.Hosting;

/// <summary>Finds free loopback TCP ports, so that several embedded hosts (and tests) can run side by side.</summary>
internal static class FreePort
{
    /// <summary>Distinct free ports: all listeners are held open together, so no two answers can coincide.</summary>
    public static int[] Find(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
