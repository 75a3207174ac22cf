namespace PAI.Abstractions.Knowledge;

/// <summary>A stored fact, bitemporal: when it held (<c>validFrom</c>/<c>validTo</c>) and when PAI believed it (<c>recordedAt</c>/<c>invalidatedAt</c>).</summary>
/// <param name="Id">The fact's id (<c>f_</c> and 32 hex digits).</param>
/// <param name="SubjectId">The subject entity.</param>
/// <param name="Predicate">The relation.</param>
/// <param name="ObjectId">The object entity, or null for a literal.</param>
/// <param name="Value">The literal (JSON text), when there is no object entity.</param>
/// <param name="Single">Whether the predicate was asserted single-valued.</param>
/// <param name="ValidFrom">When it started to hold.</param>
/// <param name="ValidTo">When it stopped holding, or null.</param>
/// <param name="RecordedAt">When PAI learned it.</param>
/// <param name="InvalidatedAt">When PAI retired it (a contradicting fact), or null while current.</param>
/// <param name="SupersededBy">The fact that retired it, or null.</param>
public sealed record GraphFact(
    string Id,
    string SubjectId,
    string Predicate,
    string? ObjectId,
    string? Value,
    bool Single,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidTo,
    DateTimeOffset RecordedAt,
    DateTimeOffset? InvalidatedAt,
    string? SupersededBy)
{
    /// <summary>True when PAI believed this fact at <paramref name="at"/> and it held then.</summary>
    public bool IsVisibleAt(DateTimeOffset at) =>
        RecordedAt <= at && (InvalidatedAt is not { } retired || retired > at) && ValidFrom <= at && (ValidTo is not { } end || end > at);

    /// <summary>True when this fact's validity overlaps [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public bool Overlaps(DateTimeOffset from, DateTimeOffset? to) =>
        (to is not { } end || ValidFrom < end) && (ValidTo is not { } mine || from < mine);
}
