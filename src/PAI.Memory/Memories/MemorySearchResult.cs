using PAI.Abstractions.Memory;

namespace PAI.Memory.Memories;

/// <summary>What a search found, and where its time went.</summary>
/// <param name="Hits">The results, best first.</param>
/// <param name="Embedding">Time spent embedding the query (zero in keyword mode).</param>
/// <param name="Search">Time spent in the memory grain (ranking, store reads).</param>
public sealed record MemorySearchResult(IReadOnlyList<MemoryHit> Hits, TimeSpan Embedding, TimeSpan Search);
