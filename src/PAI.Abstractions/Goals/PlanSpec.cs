namespace PAI.Abstractions.Goals;

/// <summary>A DAG of steps.</summary>
[GenerateSerializer, Immutable]
public sealed record PlanSpec([property: Id(0)] IReadOnlyList<StepSpec> Steps)
{
    /// <summary>The most steps one plan may hold.</summary>
    public const int MaxSteps = 1000;
}
