using PAI.Abstractions.Goals;

namespace PAI.Abstractions.Steps;

/// <summary>How a step run ended.</summary>
[GenerateSerializer, Immutable]
public sealed record StepOutcome(
    [property: Id(0)] string StepId,
    [property: Id(1)] StepStatus Status,
    [property: Id(2)] int Attempts,
    [property: Id(3)] DateTimeOffset StartedAt,
    [property: Id(4)] DateTimeOffset FinishedAt,
    [property: Id(5)] string? Output,
    [property: Id(6)] string? Error);
