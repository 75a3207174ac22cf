namespace PAI.Abstractions.Principals;

/// <summary>A principal's use of what its quotas limit, as of <paramref name="At"/>.</summary>
/// <param name="UnfinishedGoals">Goals not finished (and admissions not yet in the index).</param>
/// <param name="StepsLastHour">Planned steps of the goals submitted in the last hour.</param>
/// <param name="ModelTokensLastDay">Model tokens used in the last 24 hours (counted by the hour).</param>
/// <param name="ModelTokensFreeAt">When a principal at or over its token quota is under it again; null when it is under.</param>
/// <param name="At">When this was read.</param>
[GenerateSerializer, Immutable]
public sealed record PrincipalQuotaUsage(
    [property: Id(0)] int UnfinishedGoals,
    [property: Id(1)] long StepsLastHour,
    [property: Id(2)] long ModelTokensLastDay,
    [property: Id(3)] DateTimeOffset? ModelTokensFreeAt,
    [property: Id(4)] DateTimeOffset At);
