namespace PAI.Abstractions.Storage;

/// <summary>A stored API key: only a hash of the secret is kept.</summary>
/// <param name="KeyId">The public part of the key, used to find the row.</param>
/// <param name="Principal">Who the key authenticates.</param>
/// <param name="SecretHash">SHA-256 of the secret part, hex.</param>
/// <param name="Role">One of <c>PAI.Abstractions.Principals.PrincipalRoles</c>.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="Scopes">The key's scopes as stored (<c>ApiKeyScopes.Format</c>): null for no restriction.</param>
/// <param name="Prefix">The first characters of a generated secret, to recognise a key in a list; null for a key supplied by a person.</param>
/// <param name="RevokedAt">When it was revoked (or replaced by rotation); null while it is valid.</param>
/// <param name="LastUsedAt">When it last authenticated a request, as last written (updates are coalesced).</param>
[GenerateSerializer, Immutable]
public sealed record ApiKeyRecord(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string Principal,
    [property: Id(2)] string SecretHash,
    [property: Id(3)] string Role,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] string? Scopes = null,
    [property: Id(6)] string? Prefix = null,
    [property: Id(7)] DateTimeOffset? RevokedAt = null,
    [property: Id(8)] DateTimeOffset? LastUsedAt = null)
{
    /// <summary>True while the key authenticates requests.</summary>
    public bool IsActive => RevokedAt is null;
}
