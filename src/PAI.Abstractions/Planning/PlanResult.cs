using PAI.Abstractions.Goals;

namespace PAI.Abstractions.Planning;

/// <summary>A validated plan, or the reasons there is none.</summary>
[GenerateSerializer, Immutable]
public sealed record PlanResult(
    [property: Id(0)] PlanSpec? Plan,
    [property: Id(1)] IReadOnlyList<PlanError> Errors)
{
    /// <summary>True when a plan was produced.</summary>
    public bool IsValid => Plan is not null && Errors.Count == 0;
}
