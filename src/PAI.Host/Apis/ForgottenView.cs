namespace PAI.Host.Apis;

/// <summary>The answer to <c>DELETE /api/memories?all=true</c>: how many memories were forgotten.</summary>
public sealed record ForgottenView(long Deleted);
