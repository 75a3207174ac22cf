namespace PAI.Abstractions.Storage;

/// <summary>API keys, hashed at rest. Revoked keys stay (with <see cref="ApiKeyRecord.RevokedAt"/>) as history.</summary>
public interface IApiKeyStore
{
    /// <summary>The key with this id, if any (revoked or not).</summary>
    Task<ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken = default);

    /// <summary>Stores a new key; throws <see cref="InvalidOperationException"/> when the key id is taken.</summary>
    Task AddAsync(ApiKeyRecord record, CancellationToken cancellationToken = default);

    /// <summary>How many keys exist, revoked ones included (zero on a first start).</summary>
    Task<int> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>One page of keys, oldest first (creation time, then id), starting after <paramref name="after"/>.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListAsync(ApiKeyPosition? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Marks an active key revoked at <paramref name="at"/>; false when there is no such key or it was already revoked.</summary>
    Task<bool> RevokeAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Rotation: in one transaction, revokes the active key <paramref name="keyId"/> at <paramref name="at"/> and adds
    /// <paramref name="replacement"/>; false (and nothing changed) when the old key is missing or already revoked.
    /// Throws <see cref="InvalidOperationException"/> (nothing changed) when the replacement's id is taken.
    /// </summary>
    Task<bool> ReplaceAsync(string keyId, ApiKeyRecord replacement, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Records that the key was used at <paramref name="at"/>; never moves the stored time backwards.</summary>
    Task TouchAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken = default);
}
