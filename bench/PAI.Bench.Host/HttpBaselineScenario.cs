using System.Diagnostics;
using PAI.Bench.Hosting;

namespace PAI.Bench.Host;

/// <summary>
/// The baseline measured in the same run: an authenticated request that does no engine work
/// (<c>GET /api/tools</c>, a catalog held in memory), one after another — its latency and the host's CPU time per
/// request, against which a step's cost is read.
/// </summary>
public static class HttpBaselineScenario
{
    /// <summary>Times <paramref name="samples"/> requests.</summary>
    public static async Task<IReadOnlyList<Measurement>> RunAsync(HostProcess host, int samples)
    {
        var latencies = new List<double>(samples);
        var cpuBefore = host.CpuTime;
        for (var i = 0; i < samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await host.Client.GetAsync(new Uri("/api/tools", UriKind.Relative));
            response.EnsureSuccessStatusCode();
            _ = await response.Content.ReadAsByteArrayAsync();
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var cpu = host.CpuTime - cpuBefore;
        return
        [
            new("baseline_http.client_ms_p50", Percentile.Of(latencies, 50), "ms", false),
            new("baseline_http.host_cpu_us_per_request", cpu.TotalMicroseconds / samples, "µs", false),
        ];
    }
}
