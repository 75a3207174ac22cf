using System.Diagnostics;

namespace PAI.Bench;

/// <summary>
/// Waits for work to finish by polling cheap probes. The interval grows with the elapsed time (1 % of it, 1-20 ms), so
/// the timing error stays near 1 % and polling never loads the host it measures.
/// </summary>
public static class Completion
{
    /// <summary>Completes when the probe returns true; returns the Stopwatch timestamp of that success.</summary>
    public static Task<long> WaitAsync(Func<Task<bool>> isDone, long startedAt, TimeSpan timeout) =>
        WaitAllAsync([isDone], startedAt, timeout);

    /// <summary>
    /// Completes when every probe has returned true, polling the first unfinished one until it is done, then the next:
    /// work that finishes roughly together costs about (duration / interval) + count calls in all.
    /// </summary>
    public static async Task<long> WaitAllAsync(IReadOnlyList<Func<Task<bool>>> isDone, long startedAt, TimeSpan timeout)
    {
        foreach (var probe in isDone)
        {
            while (!await probe())
            {
                var elapsed = Stopwatch.GetElapsedTime(startedAt);
                if (elapsed > timeout)
                {
                    throw new TimeoutException($"not finished after {elapsed.TotalSeconds:F1} s");
                }

                var interval = TimeSpan.FromMilliseconds(Math.Clamp(elapsed.TotalMilliseconds / 100, 1, 20));
                await Task.Delay(interval);
            }
        }

        return Stopwatch.GetTimestamp();
    }
}
