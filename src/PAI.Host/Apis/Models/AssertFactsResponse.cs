namespace PAI.Host.Apis.Models;

/// <summary>What <c>POST /api/graph/facts</c> stored: each fact's id in input order, the conflicts settled, and whether the call was a replay.</summary>
public sealed record AssertFactsResponse(IReadOnlyList<string> Ids, IReadOnlyList<FactConflictResponse> Conflicts, bool Replayed);
