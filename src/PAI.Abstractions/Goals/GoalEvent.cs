namespace PAI.Abstractions.Goals;

/// <summary>One transition of a goal or of one of its steps, as streamed over server-sent events.</summary>
/// <param name="Sequence">Monotonic per goal.</param>
/// <param name="Kind"><c>goal</c> or <c>step</c>.</param>
/// <param name="StepId">The step, for step events.</param>
/// <param name="Status">The new status name.</param>
/// <param name="At">When it happened.</param>
/// <param name="Detail">An error message or other short detail.</param>
[GenerateSerializer, Immutable]
public sealed record GoalEvent(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string Kind,
    [property: Id(2)] string? StepId,
    [property: Id(3)] string Status,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] string? Detail);
