using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace PAI.Storage.Postgres;

/// <summary>
/// Applies <see cref="PostgresSchema"/> at the very first silo lifecycle stage, before Orleans' ADO.NET providers
/// read their queries; retries while the database is unreachable, up to <see cref="PostgresStoreOptions.SchemaStartupTimeout"/>.
/// </summary>
public sealed partial class PostgresSchemaInitializer(
    IOptions<PostgresStoreOptions> options,
    TimeProvider time,
    ILogger<PostgresSchemaInitializer> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PostgresSchemaInitializer), ServiceLifecycleStage.First, ApplyAsync);

    private async Task ApplyAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.ApplySchemaOnStart)
        {
            return;
        }

        var deadline = time.GetUtcNow() + settings.SchemaStartupTimeout;
        while (true)
        {
            try
            {
                await PostgresSchema.ApplyAsync(settings.ConnectionString, cancellationToken);
                LogApplied(logger, PostgresSchema.Scripts.Count);
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException { IsTransient: true } or TimeoutException && time.GetUtcNow() < deadline && !cancellationToken.IsCancellationRequested)
            {
                LogRetry(logger, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL schema applied ({Scripts} scripts)")]
    private static partial void LogApplied(ILogger logger, int scripts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL not ready for the schema yet ({Reason}); retrying")]
    private static partial void LogRetry(ILogger logger, string reason);
}
