namespace PAI.Memory.Memories.Retrieval;

/// <summary>How hybrid search combines its parts (see <see cref="HybridFusion"/>; defaults measured on LoCoMo, docs/memory.md).</summary>
/// <param name="Keyword">Weight of the normalized full-text score; the vector score gets 1 minus this.</param>
/// <param name="Recency">Added at most for a memory that happened just now, halving every <paramref name="RecencyHalfLife"/>.</param>
/// <param name="RecencyHalfLife">How fast the recency bonus fades.</param>
/// <param name="ScopeBoost">Added per scope field (agent, goal, project) a memory shares with the search's context.</param>
public readonly record struct FusionWeights(double Keyword, double Recency, TimeSpan RecencyHalfLife, double ScopeBoost);
