namespace PAI.Bench.Blog;

/// <summary>
/// What the image jobs of one run say about the GPUs, from the jobs' own records (device, fencing token, grant time,
/// wait, duration). Pure.
/// </summary>
public static class GpuFigures
{
    /// <summary>Share of device time the image program ran, over the window from the first grant to the last job's end.</summary>
    public static double Utilisation(IReadOnlyList<ImageJob> jobs, int devices)
    {
        var first = jobs.Min(j => j.GrantedAt);
        var last = jobs.Max(j => j.GrantedAt.AddMilliseconds(j.DurationMs));
        var window = (last - first).TotalMilliseconds;
        return window <= 0 ? 0 : jobs.Sum(j => j.DurationMs) / (devices * window);
    }

    /// <summary>
    /// Device time lost at each hand-over from one job to the next already waiting on the same device: the next grant
    /// minus the previous grant minus the previous program's run (token validation, checkpoint writes, process start
    /// and exit, release, the next grant and its notification).
    /// </summary>
    public static IReadOnlyList<double> HandoverGapsMs(IReadOnlyList<ImageJob> jobs)
    {
        var gaps = new List<double>();
        foreach (var device in jobs.GroupBy(j => j.Device, StringComparer.Ordinal))
        {
            var ordered = device.OrderBy(j => j.Token).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                var previous = ordered[i - 1];
                var next = ordered[i];
                var previousEnd = previous.GrantedAt.AddMilliseconds(previous.DurationMs);
                var nextRequested = next.GrantedAt.AddMilliseconds(-next.WaitMs);
                if (nextRequested <= previousEnd)
                {
                    gaps.Add((next.GrantedAt - previous.GrantedAt).TotalMilliseconds - previous.DurationMs);
                }
            }
        }

        return gaps;
    }

    /// <summary>Per device, in grant order, how often the next lease went to another goal, over the hand-overs where
    /// both goals still had a job to come on that device (1 = strict alternation).</summary>
    public static double AlternationShare(IReadOnlyList<ImageJob> jobs)
    {
        var switches = 0;
        var contested = 0;
        foreach (var device in jobs.GroupBy(j => j.Device, StringComparer.Ordinal))
        {
            var order = device.OrderBy(j => j.Token).Select(j => j.GoalId).ToList();
            for (var i = 1; i < order.Count; i++)
            {
                if (order.Skip(i).Any(g => g != order[i - 1]))
                {
                    contested++;
                    switches += order[i] != order[i - 1] ? 1 : 0;
                }
            }
        }

        return contested == 0 ? double.NaN : (double)switches / contested;
    }

    /// <summary>Mean lease wait of each goal's jobs.</summary>
    public static IReadOnlyDictionary<string, double> MeanWaitByGoal(IReadOnlyList<ImageJob> jobs) =>
        jobs.GroupBy(j => j.GoalId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Average(j => (double)j.WaitMs), StringComparer.Ordinal);
}
