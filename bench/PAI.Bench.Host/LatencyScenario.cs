using System.Diagnostics;
using PAI.Bench.Hosting;

namespace PAI.Bench.Host;

/// <summary>
/// One-step goals submitted one after another: the client's time from the submit to the end of the goal's event
/// stream, and the server's (<c>createdAt</c> to <c>updatedAt</c>). With <c>idle</c>, each is submitted once the host
/// is quiet (<see cref="HostQuiet"/>: the previous goal's write-back done), as the target reads ("idle host");
/// without, back to back, each beside the write-back of the ones before it.
/// </summary>
public static class LatencyScenario
{
    /// <summary>Times <paramref name="samples"/> goals.</summary>
    public static async Task<IReadOnlyList<Measurement>> RunAsync(HostProcess host, string name, int samples, bool idle)
    {
        var client = new List<double>(samples);
        var server = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            if (idle)
            {
                await HostQuiet.WaitAsync(host);
            }

            var started = Stopwatch.GetTimestamp();
            var id = await host.SubmitAsync(GoalJson.Echoes($"{name} {i}", 1, chained: false));
            await GoalFeed.WaitEndAsync(host.Client, id);
            client.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var view = await host.GetGoalAsync(id);
            server.Add((view["updatedAt"]!.GetValue<DateTimeOffset>() - view["createdAt"]!.GetValue<DateTimeOffset>()).TotalMilliseconds);
        }

        return
        [
            new($"{name}.client_ms_p50", Percentile.Of(client, 50), "ms", false),
            new($"{name}.client_ms_p99", Percentile.Of(client, 99), "ms", false),
            new($"{name}.server_ms_p50", Percentile.Of(server, 50), "ms", false),
            new($"{name}.server_ms_p99", Percentile.Of(server, 99), "ms", false),
        ];
    }
}
