using PAI.Abstractions.Goals;

namespace PAI.Abstractions.Planning;

/// <summary>A validated plan, or the reasons there is none.</summary>
[GenerateSerializer, Immutable]
public sealed record PlanResult(
    [property: Id(0)] PlanSpec? Plan,
    [property: Id(1)] IReadOnlyList<PlanError> Errors,
    [property: Id(2)] bool Deferred = false,
    [property: Id(3)] PlanningRecord? Planning = null)
{
    /// <summary>True when a plan was produced.</summary>
    public bool IsValid => Plan is not null && Errors.Count == 0;

    /// <summary>A free-form goal that is valid so far and goes to the model planner (the goal is stored <c>Planning</c>).</summary>
    public static PlanResult ForModel { get; } = new(null, [], Deferred: true);
}
