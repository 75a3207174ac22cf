using PAI.Abstractions.Principals;
using PAI.Abstractions.Storage;

namespace PAI.Host.Apis;

/// <summary>A key as <c>GET /api/keys</c> shows it: never the secret, nor its hash.</summary>
public sealed record KeyView(
    string Id,
    string? Prefix,
    string Principal,
    string Role,
    IReadOnlyList<string>? Scopes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt)
{
    /// <summary>The view of a stored key.</summary>
    public static KeyView From(ApiKeyRecord record) => new(
        record.KeyId,
        record.Prefix,
        record.Principal,
        record.Role,
        record.Scopes is null ? null : ApiKeyScopes.Parse(record.Scopes).ToList(),
        record.CreatedAt,
        record.LastUsedAt,
        record.RevokedAt);
}
