using System.ComponentModel;

namespace PAI.Host.Apis.Models;

/// <summary>The answer to creating or rotating a key: the only time the secret is shown.</summary>
public sealed record CreatedKeyResponse(
    string Id,
    [property: Description("The secret: shown in this answer only, store it now.")] string Key,
    string Principal,
    string Role,
    IReadOnlyList<string>? Scopes,
    string? Prefix,
    DateTimeOffset CreatedAt,
    [property: Description("For a rotation, the id of the key it replaced (now revoked); null otherwise.")] string? Replaces);
