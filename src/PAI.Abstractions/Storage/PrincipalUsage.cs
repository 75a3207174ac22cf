namespace PAI.Abstractions.Storage;

/// <summary>What a principal is using now, as the goal index tells it (for quotas).</summary>
/// <param name="UnfinishedGoals">Goals of the principal that are not finished.</param>
/// <param name="RecentSteps">Planned steps of the principal's goals created since the time asked for.</param>
[GenerateSerializer, Immutable]
public sealed record PrincipalUsage([property: Id(0)] int UnfinishedGoals, [property: Id(1)] long RecentSteps);
