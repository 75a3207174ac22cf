namespace PAI.Abstractions.Memory;

/// <summary>Which memories a search may return, besides its scope: metadata equalities (all must hold) and a time window on <c>occurredAt</c>.</summary>
/// <param name="Metadata">Conditions that must all hold.</param>
/// <param name="OccurredAfter">Only memories that happened at or after this time.</param>
/// <param name="OccurredBefore">Only memories that happened before this time.</param>
[GenerateSerializer, Immutable]
public sealed record MemoryFilter(
    [property: Id(0)] IReadOnlyList<MetadataCondition> Metadata,
    [property: Id(1)] DateTimeOffset? OccurredAfter = null,
    [property: Id(2)] DateTimeOffset? OccurredBefore = null)
{
    /// <summary>The filter that lets everything through.</summary>
    public static MemoryFilter None { get; } = new([]);

    /// <summary>True when the filter restricts nothing.</summary>
    public bool IsEmpty => Metadata.Count == 0 && OccurredAfter is null && OccurredBefore is null;

    /// <summary>True when <paramref name="occurredAt"/> lies inside the time window.</summary>
    public bool MatchesTime(DateTimeOffset occurredAt) =>
        (OccurredAfter is not { } after || occurredAt >= after) && (OccurredBefore is not { } before || occurredAt < before);
}
