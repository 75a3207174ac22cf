using PAI.Abstractions.Storage;
using PAI.Host.Hosting;

namespace PAI.Host.Auth;

/// <summary>
/// On a first start with no keys in the store, creates the first admin key: <c>PAI_API_KEY</c> when set, otherwise a
/// generated one shown once by the start-up banner (it is never shown again: only its hash is kept).
/// </summary>
public sealed partial class ApiKeyBootstrapper(IApiKeyStore keys, IConfiguration configuration, TimeProvider time, FirstStartKey firstStart, ILogger<ApiKeyBootstrapper> logger) : IHostedService
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
            firstStart.SetGenerated(key);
        }
        else
        {
            firstStart.SetFromEnvironment();
        }

        LogCreated(logger, supplied is null ? "generated" : "PAI_API_KEY");
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the first admin API key ({Source})")]
    private static partial void LogCreated(ILogger logger, string source);
}
