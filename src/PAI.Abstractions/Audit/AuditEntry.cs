namespace PAI.Abstractions.Audit;

/// <summary>One stored audit entry: the record, its place in the log, and the hash chain.</summary>
/// <param name="Sequence">1-based, gap-free position in the log.</param>
/// <param name="At">When it was appended.</param>
/// <param name="Record">What happened.</param>
/// <param name="PreviousHash">The <see cref="Hash"/> of the entry before (64 zeros for the first).</param>
/// <param name="Hash">SHA-256 over the previous hash and this entry's fields; see <see cref="AuditChain.Hash"/>.</param>
[GenerateSerializer, Immutable]
public sealed record AuditEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] AuditRecord Record,
    [property: Id(3)] string PreviousHash,
    [property: Id(4)] string Hash);
