using System.Diagnostics;

namespace PAI.Bench;

/// <summary>
/// Waits for many things to finish by polling them one at a time: the first unfinished one is polled until it is done,
/// then the next. Work finishes roughly together, so this costs about (duration / interval) + count calls in all, and
/// the interval grows with the elapsed time (1 % of it, 1-20 ms) so polling never loads the host it measures.
/// </summary>
public static class Completion
{
    /// <summary>Completes when every probe has returned true; returns the Stopwatch timestamp of the last success.</summary>
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
