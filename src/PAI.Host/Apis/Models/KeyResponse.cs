using System.ComponentModel;
using PAI.Abstractions.Principals;
using PAI.Abstractions.Storage;

namespace PAI.Host.Apis.Models;

/// <summary>A key as <c>GET /api/keys</c> shows it: never the secret, nor its hash.</summary>
public sealed record KeyResponse(
    string Id,
    [property: Description("The first characters of a generated key (pai_ and 4 more); null for a key set through PAI_API_KEY.")] string? Prefix,
    string Principal,
    string Role,
    [property: Description("'tool:<name>' and 'skill:<name>' entries; null for a key without restriction.")] IReadOnlyList<string>? Scopes,
    DateTimeOffset CreatedAt,
    [property: Description("When it last authenticated a request; written at most once a minute.")] DateTimeOffset? LastUsedAt,
    [property: Description("When it was revoked or rotated; null while it is valid.")] DateTimeOffset? RevokedAt)
{
    /// <summary>The view of a stored key.</summary>
    public static KeyResponse From(ApiKeyRecord record) => new(
        record.KeyId,
        record.Prefix,
        record.Principal,
        record.Role,
        record.Scopes is null ? null : ApiKeyScopes.Parse(record.Scopes).ToList(),
        record.CreatedAt,
        record.LastUsedAt,
        record.RevokedAt);
}
