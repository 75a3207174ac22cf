namespace PAI.Host.Apis;

/// <summary>The answer to <c>POST /api/memories</c>: the memories' ids, in the order of the items.</summary>
public sealed record RememberedView(IReadOnlyList<string> Ids);
