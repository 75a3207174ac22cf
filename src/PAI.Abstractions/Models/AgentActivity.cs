namespace PAI.Abstractions.Models;

/// <summary>What an agent is doing across the cluster.</summary>
/// <param name="Running">Runs holding a slot now.</param>
/// <param name="TokensToday">Model tokens used today (UTC).</param>
[GenerateSerializer, Immutable]
public sealed record AgentActivity(
    [property: Id(0)] IReadOnlyList<string> Running,
    [property: Id(1)] long TokensToday);
