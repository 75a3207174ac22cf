using PAI.Abstractions.Audit;
using PAI.Abstractions.Principals;
using PAI.Abstractions.Storage;
using PAI.Host.Hosting;
using PAI.Principals.Keys;

namespace PAI.Host.Auth;

/// <summary>
/// On a first start with no keys in the store, creates the first admin key: <c>PAI_API_KEY</c> when set, otherwise a
/// generated one shown once by the start-up banner (it is never shown again: only its hash is kept). More keys are made
/// with <c>POST /api/keys</c>.
/// </summary>
public sealed partial class ApiKeyBootstrapper(IApiKeyStore keys, IAuditStore audit, IConfiguration configuration, TimeProvider time, FirstStartKey firstStart, ILogger<ApiKeyBootstrapper> logger) : IHostedService
{
    /// <summary>The principal of the first admin key.</summary>
    public const string FirstPrincipal = "admin";

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await keys.CountAsync(cancellationToken) > 0)
        {
            return;
        }

        var supplied = configuration["PAI_API_KEY"];
        if (supplied is not null && supplied.Length < ApiKeys.MinimumLength)
        {
            throw new InvalidOperationException($"PAI_API_KEY must be at least {ApiKeys.MinimumLength} characters");
        }

        var key = supplied ?? ApiKeys.Generate();
        var hash = ApiKeys.Hash(key);
        var record = new ApiKeyRecord(ApiKeys.IdOf(hash), FirstPrincipal, hash, PrincipalRoles.Admin, time.GetUtcNow(), Prefix: ApiKeys.PrefixOf(key, generated: supplied is null));
        try
        {
            await keys.AddAsync(record, cancellationToken);
        }
        catch (InvalidOperationException) when (supplied is not null)
        {
            // Silos of one cluster starting together on an empty store: another silo stored the same key first.
            if (await keys.FindAsync(record.KeyId, cancellationToken) is null)
            {
                throw;
            }

            LogCreatedElsewhere(logger, record.KeyId);
            return;
        }

        if (supplied is null)
        {
            firstStart.SetGenerated(key);
        }
        else
        {
            firstStart.SetFromEnvironment();
        }

        var source = supplied is null ? "generated" : "PAI_API_KEY";
        LogCreated(logger, record.KeyId, source);
        await audit.AppendAsync(
            new AuditRecord(AuditKinds.KeyCreated, "system", Outcome: "created", Detail: $"key {record.KeyId} for principal '{FirstPrincipal}' as admin (first start, {source})"),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "The first admin API key {KeyId} was stored by another silo starting at the same time")]
    private static partial void LogCreatedElsewhere(ILogger logger, string keyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the first admin API key {KeyId} ({Source})")]
    private static partial void LogCreated(ILogger logger, string keyId, string source);
}
