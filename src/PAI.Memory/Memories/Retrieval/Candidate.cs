using PAI.Abstractions.Memory;

namespace PAI.Memory.Memories.Retrieval;

/// <summary>A memory considered by one search: its part scores and what the boosts need.</summary>
/// <param name="Id">The memory id.</param>
/// <param name="Keyword">The full-text score, when the words matched.</param>
/// <param name="Dense">The cosine similarity, when the memory has a vector of the query's model.</param>
/// <param name="OccurredTicks">When it happened (UTC ticks), or null when unknown.</param>
/// <param name="Scope">Its scope, or null when unknown.</param>
public sealed record Candidate(string Id, double? Keyword, double? Dense, long? OccurredTicks, MemoryScope? Scope)
{
    /// <summary>The fused score.</summary>
    public double Score { get; set; }
}
