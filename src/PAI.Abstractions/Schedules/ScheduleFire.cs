namespace PAI.Abstractions.Schedules;

/// <summary>One entry of a schedule's recent history.</summary>
/// <param name="FireTime">The fire time (UTC).</param>
/// <param name="Outcome">What became of it.</param>
/// <param name="GoalId">The goal submitted for it, if any.</param>
/// <param name="At">When the decision was made.</param>
/// <param name="Detail">Why, for skips and refusals.</param>
[GenerateSerializer, Immutable]
public sealed record ScheduleFire(
    [property: Id(0)] DateTimeOffset FireTime,
    [property: Id(1)] ScheduleFireOutcome Outcome,
    [property: Id(2)] string? GoalId,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string? Detail = null);
