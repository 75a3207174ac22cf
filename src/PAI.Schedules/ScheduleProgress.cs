namespace PAI.Schedules;

/// <summary>Where a schedule is: the part of its state the machine decides on.</summary>
/// <param name="LastFireTime">The latest fire time decided (submitted, queued or skipped); the creation time at first.</param>
/// <param name="InFlight">A fire whose goal is being submitted: recorded before the submission, cleared after, so a crash in between submits it again (the goal id makes that a duplicate, not a second goal).</param>
/// <param name="Queued">A fire waiting for the previous goal to finish.</param>
/// <param name="LastGoalId">The goal of the latest submitted fire.</param>
[GenerateSerializer, Immutable]
public sealed record ScheduleProgress(
    [property: Id(0)] DateTimeOffset LastFireTime,
    [property: Id(1)] DateTimeOffset? InFlight = null,
    [property: Id(2)] DateTimeOffset? Queued = null,
    [property: Id(3)] string? LastGoalId = null);
