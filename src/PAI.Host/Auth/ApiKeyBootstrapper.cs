using PAI.Abstractions.Audit;
using PAI.Abstractions.Principals;
using PAI.Abstractions.Storage;
using PAI.Principals.Keys;

namespace PAI.Host.Auth;

/// <summary>
/// On a first start with no keys in the store, creates the first admin key: <c>PAI_API_KEY</c> when set, otherwise a
/// generated one printed once on standard output (it is never shown again: only its hash is kept). More keys are made
/// with <c>POST /api/keys</c>.
/// </summary>
public sealed partial class ApiKeyBootstrapper(IApiKeyStore keys, IAuditStore audit, IConfiguration configuration, TimeProvider time, ILogger<ApiKeyBootstrapper> logger) : IHostedService
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
        await keys.AddAsync(record, cancellationToken);
        if (supplied is null)
        {
            // Printed, not logged: log pipelines ship to collectors, and this secret must not travel.
            Console.WriteLine($"PAI first start: admin API key (shown once, store it now): {key}");
        }

        var source = supplied is null ? "generated" : "PAI_API_KEY";
        LogCreated(logger, record.KeyId, source);
        await audit.AppendAsync(
            new AuditRecord(AuditKinds.KeyCreated, "system", Outcome: "created", Detail: $"key {record.KeyId} for principal '{FirstPrincipal}' as admin (first start, {source})"),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the first admin API key {KeyId} ({Source})")]
    private static partial void LogCreated(ILogger logger, string keyId, string source);
}
