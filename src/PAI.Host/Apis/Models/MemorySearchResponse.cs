namespace PAI.Host.Apis.Models;

/// <summary>The answer to <c>POST /api/memories/search</c>, best first.</summary>
public sealed record MemorySearchResponse(IReadOnlyList<MemoryHitResponse> Items);
