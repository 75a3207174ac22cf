namespace PAI.Abstractions.Memory;

/// <summary>
/// Memories as rows in the store (SQLite embedded, PostgreSQL in cluster mode): the memory, its vector, its full-text
/// row and the principal's change head, all written in one transaction. Every read and delete is confined to one
/// principal, so one principal's memories are never visible to another.
/// </summary>
public interface IMemoryStore
{
    /// <summary>
    /// Stores the memories in one transaction; one whose id already exists is left as it is (a retried write has its
    /// effect once). Returns the ids that were new, in input order.
    /// </summary>
    Task<IReadOnlyList<string>> AddAsync(IReadOnlyList<NewMemory> memories, CancellationToken cancellationToken = default);

    /// <summary>The principal's memories with these ids (others, and missing ids, are left out), with vectors when asked.</summary>
    Task<IReadOnlyList<StoredMemory>> GetAsync(string principal, IReadOnlyList<string> ids, bool includeVectors = false, CancellationToken cancellationToken = default);

    /// <summary>Deletes the principal's memories with these ids and their derived rows; returns how many existed.</summary>
    Task<int> DeleteAsync(string principal, IReadOnlyList<string> ids, CancellationToken cancellationToken = default);

    /// <summary>Deletes every memory of the principal and their derived rows, and starts a new epoch; returns how many there were.</summary>
    Task<long> DeletePrincipalAsync(string principal, CancellationToken cancellationToken = default);

    /// <summary>Where the principal's memories stand (all zero when it has none and never had).</summary>
    Task<MemoryHead> GetHeadAsync(string principal, CancellationToken cancellationToken = default);

    /// <summary>The memories inside <paramref name="scope"/> written after <paramref name="afterSequence"/>, in sequence order, with vectors.</summary>
    IAsyncEnumerable<MemoryVectorRow> ReadVectorsAsync(MemoryScope scope, long afterSequence, CancellationToken cancellationToken = default);

    /// <summary>Ids of the principal's memories deleted after <paramref name="afterSequence"/>.</summary>
    Task<IReadOnlyList<string>> ReadDeletedAsync(string principal, long afterSequence, CancellationToken cancellationToken = default);

    /// <summary>
    /// Full-text search inside <paramref name="scope"/> and <paramref name="filter"/>: memories containing any of
    /// <paramref name="terms"/> (plain words; the store stems them as it stems documents), best first, at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<KeywordMatch>> SearchKeywordsAsync(MemoryScope scope, MemoryFilter filter, IReadOnlyList<string> terms, int limit, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> memories (of any principal) whose model is not <paramref name="model"/>.</summary>
    Task<IReadOnlyList<MemoryToEmbed>> ListStaleAsync(string model, int limit, CancellationToken cancellationToken = default);

    /// <summary>Replaces vectors (one transaction); an update whose row changed model meanwhile, or is gone, is skipped. Returns how many were applied.</summary>
    Task<int> UpdateVectorsAsync(IReadOnlyList<MemoryVectorUpdate> updates, CancellationToken cancellationToken = default);

    /// <summary>Removes the record of deletions made before <paramref name="before"/> (caches older than that reload instead); returns how many went.</summary>
    Task<int> PruneDeletedAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}
