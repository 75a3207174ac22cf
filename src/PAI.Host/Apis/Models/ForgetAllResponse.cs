namespace PAI.Host.Apis.Models;

/// <summary>The answer to <c>DELETE /api/memories?all=true</c>: how many memories were forgotten.</summary>
public sealed record ForgetAllResponse(long Deleted);
