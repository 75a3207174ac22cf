using System.Diagnostics;
using PAI.Bench.Hosting;

namespace PAI.Bench.Host;

/// <summary>
/// Waits until the host has gone quiet: work a goal leaves behind after its last event (the memory write-back that
/// embeds its episode with the in-process model, entity resolution, JIT tiering after a warm-up) is charged to the
/// work that caused it, not to whatever the benchmark measures next. Quiet: the host used at most
/// <see cref="QuietShare"/> of one core over <see cref="Window"/>.
/// </summary>
public static class HostQuiet
{
    /// <summary>The window the host's CPU time is read over.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(250);

    /// <summary>The share of one core below which the host counts as quiet (its timers and watchdogs use less).</summary>
    public const double QuietShare = 0.04;

    /// <summary>Waits for quiet (at most <paramref name="limit"/>, 60 s by default); the host CPU time used meanwhile,
    /// the quiet window itself excluded.</summary>
    public static async Task<TimeSpan> WaitAsync(HostProcess host, TimeSpan? limit = null)
    {
        var started = Stopwatch.GetTimestamp();
        var first = host.CpuTime;
        var before = first;
        while (Stopwatch.GetElapsedTime(started) < (limit ?? TimeSpan.FromSeconds(60)))
        {
            await Task.Delay(Window);
            var now = host.CpuTime;
            if ((now - before).TotalMilliseconds <= Window.TotalMilliseconds * QuietShare)
            {
                return before - first;
            }

            before = now;
        }

        return before - first;
    }
}
