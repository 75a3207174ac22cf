using PAI.Bench.Hosting;

namespace PAI.Bench.Host;

/// <summary>
/// Many completed one-step goals (100 in flight at a time), the host's resident memory sampled after each tenth: the
/// spread after the first tenth (warm-up) says whether memory stays flat as finished goals accumulate, and a last sample a
/// minute after the host went quiet says what stayed once the GC and the pruner caught up.
/// </summary>
public static class ResidentMemoryScenario
{
    /// <summary>How long the host idles after the last goal before its resident memory is read once more.</summary>
    public static readonly TimeSpan IdleSettle = TimeSpan.FromSeconds(60);

    /// <summary>Completes <paramref name="goals"/> goals and returns the spread and the last sample.</summary>
    public static async Task<IReadOnlyList<Measurement>> RunAsync(HostProcess host, int goals)
    {
        var samples = new List<double>();
        var tenth = Math.Max(1, goals / 10);
        for (var done = 0; done < goals;)
        {
            var batch = Math.Min(100, goals - done);
            await Task.WhenAll(Enumerable.Range(done, batch).Select(async g =>
                await GoalFeed.WaitEndAsync(host.Client, await host.SubmitAsync(GoalJson.Echoes($"rss {g}", 1, chained: false)))));
            done += batch;
            if (done % tenth == 0 || done == goals)
            {
                samples.Add(host.ResidentBytes / 1048576.0);
                Console.WriteLine($"  {done} goals: RSS {samples[^1]:F0} MiB");
            }
        }

        // While goals run, RSS holds what the GC has not collected yet and what the pruner has not reached; once the host
        // has been idle for a minute it says what stayed.
        await HostQuiet.WaitAsync(host);
        await Task.Delay(IdleSettle);
        var idle = host.ResidentBytes / 1048576.0;
        Console.WriteLine($"  idle {IdleSettle.TotalSeconds:F0} s after the last goal: RSS {idle:F0} MiB");

        var warm = samples.Skip(1).ToList();
        return
        [
            new("rss.spread_after_warmup_pct", (warm.Max() - warm.Min()) / warm.Min() * 100, "%", false),
            new("rss.last_mib", samples[^1], "MiB", false),
            new("rss.idle_after_vs_first_tenth_pct", (idle - samples[0]) / samples[0] * 100, "%", false),
        ];
    }
}
