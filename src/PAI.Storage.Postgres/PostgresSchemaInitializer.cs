using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace PAI.Storage.Postgres;

/// <summary>
/// Applies <see cref="PostgresSchema"/> once per process: at the very first silo lifecycle stage (before Orleans' ADO.NET
/// providers read their queries) or at the first use of the goal index or API key store, whichever comes first (hosted
/// services such as the API key bootstrapper may run before the silo starts). Retries while the database is
/// unreachable, up to <see cref="PostgresStoreOptions.SchemaStartupTimeout"/>.
/// </summary>
public sealed partial class PostgresSchemaInitializer(
    IOptions<PostgresStoreOptions> options,
    TimeProvider time,
    ILogger<PostgresSchemaInitializer> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _done;

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PostgresSchemaInitializer), ServiceLifecycleStage.First, EnsureAsync);

    /// <summary>Applies the schema unless this process already did (or <see cref="PostgresStoreOptions.ApplySchemaOnStart"/> is off).</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (_done)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_done)
            {
                await ApplyAsync(cancellationToken);
                _done = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

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
