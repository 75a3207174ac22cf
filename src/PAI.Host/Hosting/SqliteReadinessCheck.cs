using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PAI.Storage.Sqlite;

namespace PAI.Host.Hosting;

/// <summary>Embedded mode's readiness: the SQLite store opens a reader and answers a trivial query within two seconds.</summary>
public sealed class SqliteReadinessCheck(SqliteStore store) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await store.ReadAsync(
                async (connection, ct) =>
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = "SELECT 1;";
                    return await command.ExecuteScalarAsync(ct);
                },
                timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is SqliteException or OperationCanceledException or IOException)
        {
            return HealthCheckResult.Unhealthy($"SQLite store at {store.DatabasePath} unreadable", ex);
        }
    }
}
