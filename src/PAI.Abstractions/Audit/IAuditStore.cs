namespace PAI.Abstractions.Audit;

/// <summary>
/// The append-only, hash-chained audit log. An implementation must append entries one at a time in sequence order
/// (a single writer, or a lock held across "read the last hash, insert"), computing the hash with
/// <see cref="AuditChain.Hash"/>, so that <see cref="AuditVerifier"/> can check any store the same way.
/// </summary>
public interface IAuditStore
{
    /// <summary>Appends a record; returns once it is durable, with its sequence and hashes.</summary>
    Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken cancellationToken = default);

    /// <summary>Reads entries matching the query, ascending by sequence.</summary>
    Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>The sequence and hash of the last entry as the store's separate head record says (null when empty);
    /// lets the verifier notice entries cut off the end of the log.</summary>
    Task<(long Sequence, string Hash)?> GetHeadAsync(CancellationToken cancellationToken = default);
}
