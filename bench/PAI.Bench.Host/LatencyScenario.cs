using System.Diagnostics;
using PAI.Bench.Hosting;

namespace PAI.Bench.Host;

/// <summary>
/// One-step goals submitted one after another on an otherwise idle host: the client's time from the submit to the end
/// of the goal's event stream, and the server's (<c>createdAt</c> to <c>updatedAt</c>).
/// </summary>
public static class LatencyScenario
{
    /// <summary>Times <paramref name="samples"/> goals.</summary>
    public static async Task<IReadOnlyList<Measurement>> RunAsync(HostProcess host, int samples)
    {
        var client = new List<double>(samples);
        var server = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var id = await host.SubmitAsync(GoalJson.Echoes($"latency {i}", 1, chained: false));
            await GoalFeed.WaitEndAsync(host.Client, id);
            client.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var view = await host.GetGoalAsync(id);
            server.Add((view["updatedAt"]!.GetValue<DateTimeOffset>() - view["createdAt"]!.GetValue<DateTimeOffset>()).TotalMilliseconds);
        }

        return
        [
            new("one_step.client_ms_p50", Percentile.Of(client, 50), "ms", false),
            new("one_step.client_ms_p99", Percentile.Of(client, 99), "ms", false),
            new("one_step.server_ms_p50", Percentile.Of(server, 50), "ms", false),
            new("one_step.server_ms_p99", Percentile.Of(server, 99), "ms", false),
        ];
    }
}
