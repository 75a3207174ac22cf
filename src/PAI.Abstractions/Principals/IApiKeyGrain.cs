using PAI.Abstractions.Storage;

namespace PAI.Abstractions.Principals;

/// <summary>
/// One API key, keyed by its id. Every check and every change of a key goes through its grain, and a grain has one
/// activation in the whole cluster, so a revocation is seen by the next request on every silo; the grain is also where
/// last-used times are gathered and written to the store at most once per flush interval.
/// </summary>
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>Who the key authenticates when <paramref name="secretHash"/> matches and it is not revoked; else null.</summary>
    Task<ApiKeyIdentity?> AuthenticateAsync(string secretHash);

    /// <summary>The stored key (with its last-used time as this grain knows it), or null.</summary>
    Task<ApiKeyRecord?> GetAsync();

    /// <summary>Stores a new key with this grain's id; false when the id is taken. <paramref name="actor"/> goes into the audit log.</summary>
    Task<bool> CreateAsync(ApiKeyRecord record, string actor);

    /// <summary>Revokes the key; false when it does not exist or was already revoked.</summary>
    Task<bool> RevokeAsync(string actor);

    /// <summary>Revokes this key and stores <paramref name="replacement"/> in its place in one transaction; false when this key does not exist or is revoked.</summary>
    Task<bool> RotateAsync(ApiKeyRecord replacement, string actor);
}
