namespace PAI.Abstractions.Audit;

/// <summary>
/// Walks the whole log in order and recomputes the chain: an edited entry changes its own hash, a removed entry
/// leaves a sequence gap and a previous-hash mismatch, and entries cut off the end disagree with the store's head.
/// </summary>
public sealed class AuditVerifier(IAuditStore store)
{
    private const int PageSize = 1000;

    /// <summary>Checks the entire log.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var previousHash = AuditChain.Genesis;
        long expected = 1;
        long count = 0;
        while (true)
        {
            var page = await store.QueryAsync(new AuditQuery(AfterSequence: expected - 1, Limit: PageSize), cancellationToken);
            foreach (var entry in page)
            {
                count++;
                if (entry.Sequence != expected)
                {
                    return new(false, count, expected, $"entry {expected} is missing (next entry is {entry.Sequence})");
                }

                if (entry.PreviousHash != previousHash)
                {
                    return new(false, count, entry.Sequence, $"entry {entry.Sequence} does not follow the hash of entry {entry.Sequence - 1}");
                }

                if (AuditChain.Hash(entry.Sequence, entry.At, entry.Record, entry.PreviousHash) != entry.Hash)
                {
                    return new(false, count, entry.Sequence, $"entry {entry.Sequence} was altered: its content does not match its hash");
                }

                previousHash = entry.Hash;
                expected++;
            }

            if (page.Count < PageSize)
            {
                break;
            }
        }

        var head = await store.GetHeadAsync(cancellationToken);
        var last = expected - 1;
        if (head is { } h && (h.Sequence != last || h.Hash != (last == 0 ? AuditChain.Genesis : previousHash)))
        {
            return new(false, count, last + 1, $"the log ends at entry {last} but its head record says {h.Sequence}: entries were removed from the end or the head was altered");
        }

        if (head is null && last > 0)
        {
            return new(false, count, last, "the log has entries but no head record");
        }

        return new(true, count, null, null);
    }
}
