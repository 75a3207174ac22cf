namespace PAI.Abstractions.Models;

/// <summary>Where a goal stands against its budget after recording usage.</summary>
/// <param name="TokensUsed">Tokens the goal has used so far.</param>
/// <param name="Exhausted">Why model work must stop now, or null while the budget lasts.</param>
[GenerateSerializer, Immutable]
public sealed record BudgetStatus(
    [property: Id(0)] long TokensUsed,
    [property: Id(1)] string? Exhausted);
