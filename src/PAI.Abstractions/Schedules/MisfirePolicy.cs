namespace PAI.Abstractions.Schedules;

/// <summary>
/// What happens to fire times that passed while PAI was down (or the schedule could not run). A fire time is missed
/// when it is more than the misfire threshold (<c>Pai:Schedules:MisfireThreshold</c>, one minute by default) in the
/// past by the time the schedule reaches it; one reached sooner runs, late. Missed fire times are always recorded in the
/// schedule's history (outcome <c>skippedMisfire</c>), never dropped silently.
/// </summary>
[GenerateSerializer]
public enum MisfirePolicy
{
    /// <summary>Every missed fire time is skipped; the schedule goes on with the next one.</summary>
    Skip = 0,

    /// <summary>The latest missed fire time runs once (late), unless an on-time one follows it; the earlier ones are skipped.</summary>
    RunLatest = 1,
}
