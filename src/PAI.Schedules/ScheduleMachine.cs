using PAI.Abstractions.Schedules;
using PAI.Schedules.Calendar;

namespace PAI.Schedules;

/// <summary>
/// The decisions of a schedule, pure: given the calendar, the policies, the progress so far, the time and whether the
/// previous goal is unfinished, what to submit, skip or queue. The grain persists the answer and then acts on it.
/// One fire time is decided per call, oldest first.
/// <list type="bullet">
/// <item>A fire in flight (recorded, not confirmed) is submitted again first: its goal id is fixed, so that is safe.</item>
/// <item>A queued fire runs as soon as the previous goal is finished.</item>
/// <item>A due fire time at most <c>misfireThreshold</c> old is on time (perhaps a little late): it runs, each one, in
/// order. Older ones are missed (downtime): they are recorded as skipped, in one range entry, except that under
/// <see cref="MisfirePolicy.RunLatest"/> the latest missed one runs, once, when no on-time fire time follows it.</item>
/// <item>A fire while the previous goal is unfinished follows <see cref="OverlapPolicy"/>.</item>
/// </list>
/// </summary>
public static class ScheduleMachine
{
    /// <summary>True when <see cref="Tick"/> needs to know whether the previous goal is unfinished.</summary>
    public static bool NeedsPreviousStatus(ScheduleCalendar calendar, ScheduleDefinition definition, ScheduleProgress progress, DateTimeOffset now) =>
        progress.InFlight is null
        && progress.LastGoalId is not null
        && definition.Overlap != OverlapPolicy.Allow
        && (progress.Queued is not null || calendar.NextAfter(progress.LastFireTime) is { } due && due <= now);

    /// <summary>
    /// Decides one step; call again after acting on a <see cref="ScheduleStep.Submit"/>, and while
    /// <see cref="ScheduleStep.NextWake"/> is not after <paramref name="now"/> (more fire times are due).
    /// </summary>
    public static ScheduleStep Tick(
        ScheduleCalendar calendar,
        ScheduleDefinition definition,
        ScheduleProgress progress,
        DateTimeOffset now,
        bool previousUnfinished,
        TimeSpan misfireThreshold,
        TimeSpan queuePollInterval)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(progress);
        if (progress.InFlight is { } inFlight)
        {
            return new ScheduleStep(progress, inFlight, [], null);
        }

        var records = new List<ScheduleFire>();
        var blocked = previousUnfinished && definition.Overlap != OverlapPolicy.Allow;
        if (progress.Queued is { } queued && !blocked)
        {
            var next = progress with { Queued = null, InFlight = queued };
            return new ScheduleStep(next, queued, records, null);
        }

        if (calendar.NextAfter(progress.LastFireTime) is { } due && due <= now)
        {
            var fire = due;
            var cutoff = now - misfireThreshold;
            if (due < cutoff)
            {
                // Missed: every fire time older than the threshold. The range before the latest missed one is one entry.
                var lastMissed = calendar.LatestAtOrBefore(cutoff.AddTicks(-1)) is { } l && l >= due ? l : due;
                if (due < lastMissed)
                {
                    records.Add(new ScheduleFire(due, ScheduleFireOutcome.SkippedMisfire, null, now, $"fire times from {due:O} to before {lastMissed:O} were missed"));
                }

                fire = lastMissed;
                var onTimeFollows = calendar.NextAfter(lastMissed) is { } following && following <= now;
                if (onTimeFollows || definition.Misfire == MisfirePolicy.Skip)
                {
                    records.Add(new ScheduleFire(lastMissed, ScheduleFireOutcome.SkippedMisfire, null, now, $"missed by {now - lastMissed:c}"));
                    progress = progress with { LastFireTime = lastMissed };
                    return new ScheduleStep(progress, null, records, Wake(calendar, progress, now, queuePollInterval));
                }
            }

            progress = progress with { LastFireTime = fire };
            if (!blocked)
            {
                return new ScheduleStep(progress with { InFlight = fire }, fire, records, null);
            }

            if (definition.Overlap == OverlapPolicy.Queue && progress.Queued is null)
            {
                progress = progress with { Queued = fire };
                records.Add(new ScheduleFire(fire, ScheduleFireOutcome.Queued, null, now, $"waiting for goal {progress.LastGoalId}"));
            }
            else
            {
                var why = progress.Queued is null ? $"goal {progress.LastGoalId} is unfinished" : $"goal {progress.LastGoalId} is unfinished and a fire is already queued";
                records.Add(new ScheduleFire(fire, ScheduleFireOutcome.SkippedOverlap, null, now, why));
            }
        }

        return new ScheduleStep(progress, null, records, Wake(calendar, progress, now, queuePollInterval));
    }

    /// <summary>
    /// The next fire time after the last decided one (at or before <paramref name="now"/> when more are already due:
    /// decide again at once), or the next check of the previous goal for a queued fire if that is sooner.
    /// </summary>
    private static DateTimeOffset? Wake(ScheduleCalendar calendar, ScheduleProgress progress, DateTimeOffset now, TimeSpan queuePollInterval)
    {
        var wake = calendar.NextAfter(progress.LastFireTime);
        if (progress.Queued is not null && (wake is null || now + queuePollInterval < wake))
        {
            wake = now + queuePollInterval;
        }

        return wake;
    }
}
