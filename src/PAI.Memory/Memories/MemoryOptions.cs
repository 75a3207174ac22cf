using PAI.Memory.Memories.Retrieval;

namespace PAI.Memory.Memories;

/// <summary>Limits and ranking of memories (<c>Pai:Memory</c>); the ranking defaults are the ones measured on LoCoMo (docs/memory.md).</summary>
public sealed class MemoryOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Pai:Memory";

    /// <summary>Most memories in one remember call.</summary>
    public int MaxItemsPerCall { get; set; } = 1000;

    /// <summary>Longest memory text, in characters.</summary>
    public int MaxTextLength { get; set; } = 8000;

    /// <summary>Longest metadata object, in characters of JSON.</summary>
    public int MaxMetadataLength { get; set; } = 8192;

    /// <summary>Longest query, in characters.</summary>
    public int MaxQueryLength { get; set; } = 4000;

    /// <summary>Most results a search may ask for.</summary>
    public int MaxK { get; set; } = 100;

    /// <summary>Results when a search names no k.</summary>
    public int DefaultK { get; set; } = 10;

    /// <summary>Candidates each retriever contributes to a hybrid search before fusion.</summary>
    public int CandidatePool { get; set; } = 100;

    /// <summary>Hybrid: weight of the normalized full-text score (the vector score gets the rest).</summary>
    public double KeywordWeight { get; set; } = 0.4;

    /// <summary>Hybrid: share of the better episode neighbour's relevance a memory inherits, per step away (0: off).</summary>
    public double ContextWeight { get; set; } = 0.6;

    /// <summary>Hybrid: how many memories on each side form a memory's episode.</summary>
    public int ContextDepth { get; set; } = 2;

    /// <summary>Hybrid: memories recorded one after the other in a scope are one episode when they happened this close in time.</summary>
    public TimeSpan ContextWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Hybrid: bonus for a memory that happened just now, halving every <see cref="RecencyHalfLife"/> (0: off).</summary>
    public double RecencyWeight { get; set; }

    /// <summary>Hybrid: how fast the recency bonus fades.</summary>
    public TimeSpan RecencyHalfLife { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Hybrid: bonus per scope field (agent, goal, project) a memory shares with the search's context.</summary>
    public double ScopeBoost { get; set; } = 0.05;

    /// <summary>Diversified searches: relevance against novelty (1: relevance only).</summary>
    public double MmrLambda { get; set; } = 0.5;

    /// <summary>How long the ids of deleted memories are kept for caches to catch up (older caches reload).</summary>
    public TimeSpan DeletionRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Memories re-embedded per batch when the model changed.</summary>
    public int ReembedBatchSize { get; set; } = 32;

    /// <summary>How long after start the first maintenance pass waits.</summary>
    public TimeSpan MaintenanceStartDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the re-embedder looks for memories of another model (and prunes old deletions).</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The fusion weights as the ranker takes them.</summary>
    public FusionWeights Fusion => new(KeywordWeight, ContextWeight, ContextDepth, ContextWindow, RecencyWeight, RecencyHalfLife, ScopeBoost);
}
