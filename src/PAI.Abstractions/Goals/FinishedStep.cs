namespace PAI.Abstractions.Goals;

/// <summary>How one step of a finished goal ended.</summary>
/// <param name="Id">The step id.</param>
/// <param name="Tool">The tool it called (null for a skill step).</param>
/// <param name="Skill">The skill it ran (null for a tool step).</param>
/// <param name="Status">Its terminal status.</param>
/// <param name="Attempts">Attempts started.</param>
/// <param name="Output">Its output JSON, when it succeeded.</param>
/// <param name="Error">Why it failed, was skipped or cancelled.</param>
[GenerateSerializer, Immutable]
public sealed record FinishedStep(
    [property: Id(0)] string Id,
    [property: Id(1)] string? Tool,
    [property: Id(2)] string? Skill,
    [property: Id(3)] StepStatus Status,
    [property: Id(4)] int Attempts,
    [property: Id(5)] string? Output,
    [property: Id(6)] string? Error);
