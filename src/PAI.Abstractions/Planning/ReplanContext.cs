using PAI.Abstractions.Goals;

namespace PAI.Abstractions.Planning;

/// <summary>Why a goal is re-planned, and what stays.</summary>
/// <param name="FailedStep">The step that failed for good.</param>
/// <param name="Error">Its error.</param>
/// <param name="Kept">The steps that succeeded (kept, with their outputs); new steps may depend on them.</param>
/// <param name="Previous">The plan that failed, every step of it.</param>
[GenerateSerializer, Immutable]
public sealed record ReplanContext(
    [property: Id(0)] string FailedStep,
    [property: Id(1)] string Error,
    [property: Id(2)] IReadOnlyList<KeptStep> Kept,
    [property: Id(3)] IReadOnlyList<StepSpec> Previous);
