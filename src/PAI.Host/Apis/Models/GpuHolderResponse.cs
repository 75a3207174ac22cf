using System.ComponentModel;

namespace PAI.Host.Apis.Models;

/// <summary>The lease a GPU is held under.</summary>
public sealed record GpuHolderResponse(
    [property: Description("Who holds it; null unless the key is an admin's or an operator's.")] string? Requester,
    [property: Description("The holder's request; null unless the key is an admin's or an operator's.")] string? RequestId,
    [property: Description("'draft', 'standard' or 'high'.")] string Tier,
    string? Model,
    [property: Description("Grows with every grant; a stale holder's token is refused.")] long FencingToken,
    DateTimeOffset GrantedAt,
    DateTimeOffset ExpiresAt);
