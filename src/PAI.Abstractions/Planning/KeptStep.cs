using PAI.Abstractions.Goals;

namespace PAI.Abstractions.Planning;

/// <summary>A step that succeeded before a re-plan: it stays in the plan with its output.</summary>
[GenerateSerializer, Immutable]
public sealed record KeptStep(
    [property: Id(0)] StepSpec Spec,
    [property: Id(1)] string? Output);
