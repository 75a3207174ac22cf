using PAI.Abstractions.Memory;

namespace PAI.Memory.Memories.Retrieval;

/// <summary>A memory considered by one search: its part scores and what the boosts need.</summary>
/// <param name="Id">The memory id.</param>
/// <param name="Keyword">The full-text score, when the words matched.</param>
/// <param name="Dense">The cosine similarity, when the memory has a vector of the query's model.</param>
/// <param name="OccurredTicks">When it happened (UTC ticks), or null when unknown.</param>
/// <param name="Scope">Its scope, or null when unknown.</param>
/// <param name="Slot">Its row in the grain's vector index during this search, or -1.</param>
public sealed record Candidate(string Id, double? Keyword, double? Dense, long? OccurredTicks, MemoryScope? Scope, int Slot = -1)
{
    /// <summary>The final score.</summary>
    public double Score { get; set; }
}
