namespace PAI.Abstractions.Memory;

/// <summary>One search, as the memory grain of its scope receives it (the query is embedded by the caller).</summary>
/// <param name="Query">The query text.</param>
/// <param name="K">How many results (1-100).</param>
/// <param name="Mode">How to rank.</param>
/// <param name="Filter">Metadata and time conditions.</param>
/// <param name="QueryVector">The query's embedding (null in keyword mode).</param>
/// <param name="QueryModel">The model that embedded the query; only memories embedded by it are compared with it.</param>
/// <param name="Context">Where the search comes from (e.g. a goal and its agent): memories sharing its agent, goal or
/// project get the configured scope boost. Null: no boost.</param>
/// <param name="Diversify">True: re-rank with maximal marginal relevance so near-duplicates do not crowd the top.</param>
[GenerateSerializer, Immutable]
public sealed record MemorySearch(
    [property: Id(0)] string Query,
    [property: Id(1)] int K,
    [property: Id(2)] MemorySearchMode Mode,
    [property: Id(3)] MemoryFilter Filter,
    [property: Id(4)] float[]? QueryVector,
    [property: Id(5)] string? QueryModel,
    [property: Id(6)] MemoryScope? Context = null,
    [property: Id(7)] bool Diversify = false);
