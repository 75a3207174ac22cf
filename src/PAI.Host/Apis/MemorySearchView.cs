namespace PAI.Host.Apis;

/// <summary>The answer to <c>POST /api/memories/search</c>, best first.</summary>
public sealed record MemorySearchView(IReadOnlyList<MemoryHitView> Items);
