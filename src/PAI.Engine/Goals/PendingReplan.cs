namespace PAI.Engine.Goals;

/// <summary>The failure a re-plan answers: the step that failed for good and its error.</summary>
[GenerateSerializer, Immutable]
public sealed record PendingReplan(
    [property: Id(0)] string StepId,
    [property: Id(1)] string Error);
