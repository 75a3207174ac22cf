using PAI.Abstractions.Schedules;
using PAI.Schedules.Calendar;

namespace PAI.Schedules;

/// <summary>
/// The decisions of a schedule, pure: given the calendar, the policies, the progress so far, the time and whether the
/// previous goal is unfinished, what to submit, skip or queue. The grain persists the answer and then acts on it.
/// <list type="bullet">
/// <item>A fire in flight (recorded, not confirmed) is submitted again first: its goal id is fixed, so that is safe.</item>
/// <item>A queued fire runs as soon as the previous goal is finished.</item>
/// <item>Of the fire times due since the last decided one, all but the latest are missed; the latest is missed too when
/// it is more than <c>misfireThreshold</c> old. Missed ones are skipped, except that <see cref="MisfirePolicy.RunLatest"/>
/// runs the latest.</item>
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
        && (progress.Queued is not null || calendar.LatestAtOrBefore(now) is { } latest && latest > progress.LastFireTime);

    /// <summary>Decides one step; call again after acting on a <see cref="ScheduleStep.Submit"/> until there is none.</summary>
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

        if (calendar.LatestAtOrBefore(now) is { } latest && latest > progress.LastFireTime)
        {
            if (calendar.NextAfter(progress.LastFireTime) is { } firstMissed && firstMissed < latest)
            {
                records.Add(new ScheduleFire(firstMissed, ScheduleFireOutcome.SkippedMisfire, null, now, $"fire times from {firstMissed:O} to before {latest:O} were missed"));
            }

            progress = progress with { LastFireTime = latest };
            var late = now - latest > misfireThreshold;
            if (late && definition.Misfire == MisfirePolicy.Skip)
            {
                records.Add(new ScheduleFire(latest, ScheduleFireOutcome.SkippedMisfire, null, now, $"missed by {now - latest:c}"));
            }
            else if (!blocked)
            {
                return new ScheduleStep(progress with { InFlight = latest }, latest, records, null);
            }
            else if (definition.Overlap == OverlapPolicy.Queue && progress.Queued is null)
            {
                progress = progress with { Queued = latest };
                records.Add(new ScheduleFire(latest, ScheduleFireOutcome.Queued, null, now, $"waiting for goal {progress.LastGoalId}"));
            }
            else
            {
                var why = progress.Queued is null ? $"goal {progress.LastGoalId} is unfinished" : $"goal {progress.LastGoalId} is unfinished and a fire is already queued";
                records.Add(new ScheduleFire(latest, ScheduleFireOutcome.SkippedOverlap, null, now, why));
            }
        }

        var wake = calendar.NextAfter(progress.LastFireTime > now ? progress.LastFireTime : now);
        if (progress.Queued is not null && (wake is null || now + queuePollInterval < wake))
        {
            wake = now + queuePollInterval;
        }

        return new ScheduleStep(progress, null, records, wake);
    }
}
