namespace PAI.Abstractions.Goals;

/// <summary>The answer to a submission.</summary>
[GenerateSerializer, Immutable]
public sealed record SubmitGoalResult(
    [property: Id(0)] SubmitOutcome Outcome,
    [property: Id(1)] string GoalId,
    [property: Id(2)] GoalStatus Status,
    [property: Id(3)] IReadOnlyList<PlanError> Errors);
