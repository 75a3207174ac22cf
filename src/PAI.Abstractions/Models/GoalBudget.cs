namespace PAI.Abstractions.Models;

/// <summary>Limits on what a goal's model work may cost; null members are unlimited.</summary>
/// <param name="MaxTokens">Model tokens (in + out) the whole goal may use, planning included.</param>
/// <param name="MaxTurns">Model turns any one agent loop of the goal may take.</param>
/// <param name="Deadline">How long after submission model work may go on.</param>
[GenerateSerializer, Immutable]
public sealed record GoalBudget(
    [property: Id(0)] long? MaxTokens = null,
    [property: Id(1)] int? MaxTurns = null,
    [property: Id(2)] TimeSpan? Deadline = null);
