using System.Globalization;
using System.Text.Json.Nodes;

namespace PAI.Bench.Durability;

/// <summary>Durable 10 s waits: some left alone (the baseline), some interrupted by a SIGKILL at about 4 s with the
/// host started again at 6 s. Lateness is finishedAt - (startedAt + 10 s), both taken from the goal's own record; where
/// the restarted host was only ready after that deadline, lateness is also given from readiness (a wait cannot end
/// while no process runs it).</summary>
internal static class WaitScenario
{
    private const int PerRound = 5;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public sealed record Result(List<double> Baseline, List<double> Killed, List<double> KilledAfterReady);

    public static async Task<Result> RunAsync(int rounds)
    {
        await using var host = new HostProcess();
        await host.StartAsync();

        var baselineIds = new List<string>();
        for (var i = 0; i < PerRound; i++)
        {
            baselineIds.Add(await host.SubmitAsync(WaitGoal("baseline")));
            await Task.Delay(150);
        }

        var baseline = new List<double>();
        foreach (var id in baselineIds)
        {
            baseline.Add(Lateness(await host.WaitFinishedAsync(id)));
        }

        var killed = new List<double>();
        var afterReady = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var first = DateTime.UtcNow;
            var ids = new List<string>();
            for (var i = 0; i < PerRound; i++)
            {
                ids.Add(await host.SubmitAsync(WaitGoal($"killed {round}/{i}")));
                await Task.Delay(150);
            }

            await Task.Delay(first.AddSeconds(4) - DateTime.UtcNow);
            await host.KillAsync();
            var restartIn = first.AddSeconds(6) - DateTime.UtcNow;
            if (restartIn > TimeSpan.Zero)
            {
                await Task.Delay(restartIn);
            }

            await host.StartAsync();
            foreach (var id in ids)
            {
                var goal = await host.WaitFinishedAsync(id);
                var lateness = Lateness(goal);
                killed.Add(lateness);
                afterReady.Add(Math.Min(lateness, (Finished(goal) - host.ReadyAtUtc).TotalSeconds));
            }

            Console.WriteLine($"wait round {round}: lateness {string.Join(", ", killed.TakeLast(PerRound).Select(l => l.ToString("+0.00;-0.00", CultureInfo.InvariantCulture)))} s");
        }

        return new Result(baseline, killed, afterReady);
    }

    private static JsonObject WaitGoal(string title) =>
        Goals.Goal(title, [Goals.Step("nap", "wait", new JsonObject { ["for"] = "10s" })]);

    private static double Lateness(JsonNode goal)
    {
        if (goal["status"]!.GetValue<string>() != "Succeeded")
        {
            throw new InvalidOperationException($"wait goal ended {goal["status"]}: {goal.ToJsonString()}");
        }

        var started = DateTimeOffset.Parse(goal["steps"]![0]!["startedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        return (Finished(goal) - (started + Wait)).TotalSeconds;
    }

    private static DateTimeOffset Finished(JsonNode goal) =>
        DateTimeOffset.Parse(goal["steps"]![0]!["finishedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
}
