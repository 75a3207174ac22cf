using PAI.Bench.Hosting;

namespace PAI.Bench.Host;

/// <summary>
/// Many completed one-step goals (100 in flight at a time), the host's resident memory sampled after each tenth: the
/// spread after the first tenth (warm-up) says whether memory stays flat as finished goals accumulate.
/// </summary>
public static class ResidentMemoryScenario
{
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

        var warm = samples.Skip(1).ToList();
        return
        [
            new("rss.spread_after_warmup_pct", (warm.Max() - warm.Min()) / warm.Min() * 100, "%", false),
            new("rss.last_mib", samples[^1], "MiB", false),
        ];
    }
}
