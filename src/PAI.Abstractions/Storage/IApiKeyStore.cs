namespace PAI.Abstractions.Storage;

/// <summary>API keys, hashed at rest.</summary>
public interface IApiKeyStore
{
    /// <summary>The key with this id, if any.</summary>
    Task<ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken = default);

    /// <summary>Stores a new key.</summary>
    Task AddAsync(ApiKeyRecord record, CancellationToken cancellationToken = default);

    /// <summary>How many keys exist (zero on a first start).</summary>
    Task<int> CountAsync(CancellationToken cancellationToken = default);
}
