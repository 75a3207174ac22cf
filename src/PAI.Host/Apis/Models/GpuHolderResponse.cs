using System.ComponentModel;

namespace PAI.Host.Apis.Models;

/// <summary>The lease a GPU is held under.</summary>
public sealed record GpuHolderResponse(
    string Requester,
    string RequestId,
    [property: Description("'draft', 'standard' or 'high'.")] string Tier,
    string? Model,
    [property: Description("Grows with every grant; a stale holder's token is refused.")] long FencingToken,
    DateTimeOffset GrantedAt,
    DateTimeOffset ExpiresAt);
