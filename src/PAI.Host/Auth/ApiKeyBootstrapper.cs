using PAI.Abstractions.Storage;

namespace PAI.Host.Auth;

/// <summary>
/// On a first start with no keys in the store, creates the first admin key: <c>PAI_API_KEY</c> when set, otherwise a
/// generated one printed once on standard output (it is never shown again: only its hash is kept).
/// </summary>
public sealed partial class ApiKeyBootstrapper(IApiKeyStore keys, IConfiguration configuration, TimeProvider time, ILogger<ApiKeyBootstrapper> logger) : IHostedService
{
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
        await keys.AddAsync(new ApiKeyRecord(ApiKeys.IdOf(hash), "admin", hash, "admin", time.GetUtcNow()), cancellationToken);
        if (supplied is null)
        {
            // Printed, not logged: log pipelines ship to collectors, and this secret must not travel.
            Console.WriteLine($"PAI first start: admin API key (shown once, store it now): {key}");
        }

        LogCreated(logger, supplied is null ? "generated" : "PAI_API_KEY");
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the first admin API key ({Source})")]
    private static partial void LogCreated(ILogger logger, string source);
}
