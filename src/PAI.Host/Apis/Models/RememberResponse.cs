namespace PAI.Host.Apis.Models;

/// <summary>The answer to <c>POST /api/memories</c>: the memories' ids, in the order of the items.</summary>
public sealed record RememberResponse(IReadOnlyList<string> Ids);
