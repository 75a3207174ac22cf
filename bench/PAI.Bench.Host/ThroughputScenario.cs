using System.Diagnostics;
using System.Text.Json.Nodes;
using PAI.Bench.Hosting;

namespace PAI.Bench.Host;

/// <summary>
/// Goals of echo steps submitted over HTTP at once (16 submits in flight), each awaited through its event stream.
/// Measured: the client's time from the first submit to the last stream's end, the server's span (earliest
/// <c>createdAt</c> to latest <c>updatedAt</c> of the goals), and the host's CPU time per step: while the goals run,
/// and until the host is quiet again (<see cref="HostQuiet"/>: the finished goals' write-back included).
/// </summary>
public static class ThroughputScenario
{
    /// <summary>Runs <paramref name="goals"/> goals of <paramref name="steps"/> steps and returns its measurements.</summary>
    public static async Task<IReadOnlyList<Measurement>> RunAsync(HostProcess host, string name, int goals, int steps, bool chained)
    {
        var cpuBefore = host.CpuTime;
        var started = Stopwatch.GetTimestamp();
        using var gate = new SemaphoreSlim(16);
        var ids = await Task.WhenAll(Enumerable.Range(0, goals).Select(async g =>
        {
            string id;
            await gate.WaitAsync();
            try
            {
                id = await host.SubmitAsync(GoalJson.Echoes($"{name} {g}", steps, chained));
            }
            finally
            {
                gate.Release();
            }

            await GoalFeed.WaitEndAsync(host.Client, id);
            return id;
        }));
        var clientSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpu = host.CpuTime - cpuBefore;
        var tail = await HostQuiet.WaitAsync(host);

        var views = await Task.WhenAll(ids.Select(host.GetGoalAsync));
        var failed = views.Count(v => v["status"]!.GetValue<string>() != "Succeeded");
        if (failed > 0)
        {
            throw new InvalidOperationException($"{name}: {failed} goal(s) did not succeed");
        }

        var serverSeconds = (views.Max(v => At(v, "updatedAt")) - views.Min(v => At(v, "createdAt"))).TotalSeconds;
        var total = goals * steps;
        List<Measurement> results =
        [
            new($"{name}.client_steps_per_s", total / clientSeconds, "steps/s", true),
            new($"{name}.server_steps_per_s", total / serverSeconds, "steps/s", true),
            new($"{name}.host_cpu_us_per_step", cpu.TotalMicroseconds / total, "µs", false),
            new($"{name}.host_cpu_us_per_step_until_quiet", (cpu + tail).TotalMicroseconds / total, "µs", false),
        ];
        if (chained && goals == 1)
        {
            // One chain: the server's time per link, the figure a long-running goal is made of.
            results.Add(new($"{name}.server_ms_per_step", serverSeconds * 1000 / steps, "ms", false));
        }

        return results;
    }

    private static DateTimeOffset At(JsonNode goal, string field) => goal[field]!.GetValue<DateTimeOffset>();
}
