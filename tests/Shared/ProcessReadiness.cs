using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PAI.Testing;

/// <summary>
/// What every test that runs PAI as a real process needs: a free loopback port, and a wait until the process answers
/// <c>/readyz</c> (failing with everything it printed if it exits or never gets ready). Linked into the host and cluster
/// test projects as source.
/// </summary>
internal static class ProcessReadiness
{
    /// <summary>A free loopback TCP port.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls <c>/readyz</c> until it answers 200.</summary>
    /// <exception cref="InvalidOperationException">The process exited first (the message holds its output).</exception>
    /// <exception cref="TimeoutException">It was not ready in time.</exception>
    public static async Task WaitReadyAsync(Process process, Uri baseAddress, TimeSpan timeout, string name, Func<string> output)
    {
        using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with {process.ExitCode}:\n{output()}");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri("/readyz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow start.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{name} not ready within {timeout.TotalSeconds:F0} s:\n{output()}");
    }
}
