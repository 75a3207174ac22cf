namespace PAI.Abstractions.Memory;

/// <summary>A memory the full-text index found, with the engine's relevance (higher is better; BM25 in SQLite, <c>ts_rank</c> in PostgreSQL).</summary>
public readonly record struct KeywordMatch(string Id, double Score);
