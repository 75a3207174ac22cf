namespace PAI.Host.Apis;

/// <summary>The answer to creating or rotating a key: the only time the secret <paramref name="Key"/> is shown.</summary>
/// <param name="Id">The new key's id.</param>
/// <param name="Key">The secret, shown once.</param>
/// <param name="Principal">Who it authenticates.</param>
/// <param name="Role">Its role.</param>
/// <param name="Scopes">Its scopes; null for no restriction.</param>
/// <param name="Prefix">What listings show of it.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="Replaces">For a rotation, the id of the key it replaced (now revoked).</param>
public sealed record CreatedKey(
    string Id,
    string Key,
    string Principal,
    string Role,
    IReadOnlyList<string>? Scopes,
    string? Prefix,
    DateTimeOffset CreatedAt,
    string? Replaces);
