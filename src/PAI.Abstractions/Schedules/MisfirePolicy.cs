namespace PAI.Abstractions.Schedules;

/// <summary>
/// What happens to fire times that passed while PAI was down (or the schedule could not run). A fire time is missed
/// when a later one is also due, or when it is more than the misfire threshold (<c>Pai:Schedules:MisfireThreshold</c>,
/// one minute by default) in the past.
/// </summary>
[GenerateSerializer]
public enum MisfirePolicy
{
    /// <summary>Every missed fire time is skipped; the schedule goes on with the next one.</summary>
    Skip = 0,

    /// <summary>The latest missed fire time runs once (late); the earlier ones are skipped.</summary>
    RunLatest = 1,
}
