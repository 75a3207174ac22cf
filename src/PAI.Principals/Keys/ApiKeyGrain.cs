using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Placement;
using PAI.Abstractions.Audit;
using PAI.Abstractions.Principals;
using PAI.Abstractions.Storage;

namespace PAI.Principals.Keys;

/// <summary>
/// One API key: the in-memory copy every silo's authentication asks, and the only writer of the key's row. The record is
/// read from the store when the grain activates, so after a failover the new activation starts from what was committed;
/// a key that is not found is not remembered (the next request reads the store again), so a key created later is never
/// refused by a stale answer. Reentrant: authentication is a memory read, and a change updates memory only after the
/// store committed it.
/// </summary>
[Reentrant]
[PreferLocalPlacement]
public sealed partial class ApiKeyGrain(
    IApiKeyStore store,
    IAuditStore audit,
    TimeProvider time,
    IOptions<ApiKeyOptions> options,
    ILogger<ApiKeyGrain> logger) : Grain, IApiKeyGrain
{
    private ApiKeyRecord? _record;
    private DateTimeOffset? _lastUsed;
    private DateTimeOffset? _written;
    private IGrainTimer? _flushTimer;

    private string KeyId => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _record = await store.FindAsync(KeyId, cancellationToken);
        _written = _record?.LastUsedAt;
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _flushTimer?.Dispose();
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFlushFailed(logger, ex, KeyId);
        }
    }

    /// <inheritdoc />
    public async Task<ApiKeyIdentity?> AuthenticateAsync(string secretHash)
    {
        ArgumentNullException.ThrowIfNull(secretHash);
        var record = _record ?? await ReloadAsync();
        if (record is not { IsActive: true } || !ApiKeys.HashesEqual(record.SecretHash, secretHash))
        {
            return null;
        }

        _lastUsed = time.GetUtcNow();
        _flushTimer ??= this.RegisterGrainTimer(
            ct => FlushAsync(ct),
            new GrainTimerCreationOptions(options.Value.LastUsedFlushInterval, options.Value.LastUsedFlushInterval) { Interleave = true, KeepAlive = false });
        return new ApiKeyIdentity(record.KeyId, record.Principal, record.Role, record.Scopes);
    }

    /// <inheritdoc />
    public async Task<ApiKeyRecord?> GetAsync()
    {
        var record = _record ?? await ReloadAsync();
        return record is null || _lastUsed is not { } used || used <= record.LastUsedAt ? record : record with { LastUsedAt = used };
    }

    /// <inheritdoc />
    public async Task<bool> CreateAsync(ApiKeyRecord record, string actor)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.KeyId != KeyId)
        {
            throw new ArgumentException($"the record's id '{record.KeyId}' is not this grain's '{KeyId}'", nameof(record));
        }

        if ((_record ?? await ReloadAsync()) is not null)
        {
            return false;
        }

        try
        {
            await store.AddAsync(record);
        }
        catch (InvalidOperationException)
        {
            await ReloadAsync();
            return false;
        }

        _record = record;
        LogCreated(logger, KeyId, record.Principal, record.Role, actor);
        await audit.AppendAsync(new AuditRecord(AuditKinds.KeyCreated, actor, Outcome: "created", Detail: Describe(record)));
        return true;
    }

    /// <inheritdoc />
    public async Task<bool> RevokeAsync(string actor)
    {
        var record = _record ?? await ReloadAsync();
        if (record is not { IsActive: true })
        {
            return false;
        }

        var at = time.GetUtcNow();
        var revoked = await store.RevokeAsync(KeyId, at);
        _record = revoked ? record with { RevokedAt = at } : await ReloadAsync();
        if (!revoked)
        {
            return false;
        }

        LogRevoked(logger, KeyId, actor);
        await audit.AppendAsync(new AuditRecord(AuditKinds.KeyRevoked, actor, Outcome: "revoked", Detail: Describe(record)));
        return true;
    }

    /// <inheritdoc />
    public async Task<bool> RotateAsync(ApiKeyRecord replacement, string actor)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        var record = _record ?? await ReloadAsync();
        if (record is not { IsActive: true })
        {
            return false;
        }

        var at = time.GetUtcNow();
        var replaced = await store.ReplaceAsync(KeyId, replacement, at);
        _record = replaced ? record with { RevokedAt = at } : await ReloadAsync();
        if (!replaced)
        {
            return false;
        }

        LogRotated(logger, KeyId, replacement.KeyId, actor);
        await audit.AppendAsync(new AuditRecord(AuditKinds.KeyRotated, actor, Outcome: "rotated", Detail: $"{Describe(record)}; replaced by key {replacement.KeyId}"));
        return true;
    }

    private async Task<ApiKeyRecord?> ReloadAsync()
    {
        _record = await store.FindAsync(KeyId);
        if (_record?.LastUsedAt is { } stored && (_written is null || stored > _written))
        {
            _written = stored;
        }

        return _record;
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_lastUsed is not { } used || (_written is { } written && used <= written))
        {
            return;
        }

        await store.TouchAsync(KeyId, used, cancellationToken);
        _written = used;
    }

    private static string Describe(ApiKeyRecord record) =>
        $"key {record.KeyId} for principal '{record.Principal}' as {record.Role}" + (record.Scopes is { } scopes ? $", scopes {scopes}" : "");
}
