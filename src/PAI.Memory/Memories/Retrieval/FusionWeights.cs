namespace PAI.Memory.Memories.Retrieval;

/// <summary>How hybrid search combines its parts (see <see cref="HybridFusion"/>; defaults measured on LoCoMo, docs/memory.md).</summary>
/// <param name="Keyword">Weight of the normalized full-text score; the vector score gets 1 minus this.</param>
/// <param name="Context">Share of the better neighbour's relevance a memory inherits, per step away (0: off): the
/// neighbours one step away give <c>Context</c>, two steps <c>Context²</c>, up to <paramref name="ContextDepth"/>.</param>
/// <param name="ContextDepth">How many memories on each side count as the episode around a memory.</param>
/// <param name="ContextWindow">Neighbours further apart in time than this are not one episode.</param>
/// <param name="Recency">Added at most for a memory that happened just now, halving every <paramref name="RecencyHalfLife"/>.</param>
/// <param name="RecencyHalfLife">How fast the recency bonus fades.</param>
/// <param name="ScopeBoost">Added per scope field (agent, goal, project) a memory shares with the search's context.</param>
public readonly record struct FusionWeights(double Keyword, double Context, int ContextDepth, TimeSpan ContextWindow, double Recency, TimeSpan RecencyHalfLife, double ScopeBoost);
