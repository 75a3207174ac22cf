using PAI.Abstractions.Goals;

namespace PAI.Engine.Goals;

/// <summary>
/// The bounded tail of a goal's events kept in its state, so that a watcher that reconnects (on any silo, after any
/// restart) resumes from the last event it saw. Pure: no Orleans, no I/O.
/// </summary>
public static class GoalEventLog
{
    /// <summary>How many of the latest events a goal keeps; a watcher further behind gets a snapshot instead.</summary>
    public const int Capacity = 256;

    /// <summary>Appends <paramref name="goalEvent"/>, dropping the oldest events beyond <see cref="Capacity"/>.</summary>
    public static void Append(List<GoalEvent> log, GoalEvent goalEvent)
    {
        log.Add(goalEvent);
        if (log.Count > Capacity)
        {
            log.RemoveRange(0, log.Count - Capacity);
        }
    }

    /// <summary>
    /// The events with <c>after &lt; Sequence &lt;= through</c>, in order; <c>Complete</c> is false when some of them
    /// are no longer kept (the caller then needs a snapshot).
    /// </summary>
    public static (IReadOnlyList<GoalEvent> Events, bool Complete) Read(IReadOnlyList<GoalEvent> log, long after, long through)
    {
        if (after >= through)
        {
            return ([], after == through);
        }

        // Sequences in the log are consecutive, so 'after + 1' is found by arithmetic; a scan only if that ever fails.
        if (log.Count == 0 || log[0].Sequence > after + 1)
        {
            return ([], false);
        }

        var events = new List<GoalEvent>();
        var expected = after + 1;
        var start = (int)Math.Min(log.Count, after + 1 - log[0].Sequence);
        if (start < log.Count && log[start].Sequence != expected)
        {
            start = 0;
        }

        for (var i = start; i < log.Count && log[i].Sequence <= through; i++)
        {
            if (log[i].Sequence < expected)
            {
                continue;
            }

            if (log[i].Sequence != expected)
            {
                return (events, false);
            }

            events.Add(log[i]);
            expected++;
        }

        return (events, expected == through + 1);
    }
}
