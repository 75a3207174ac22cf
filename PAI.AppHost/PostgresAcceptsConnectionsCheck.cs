using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace PAI.AppHost;

/// <summary>
/// Healthy once the server answers a query on its maintenance database. An open TCP port is not enough: DCP's proxy
/// accepts connections before the server does, and a starting server refuses sessions while it recovers.
/// </summary>
public sealed class PostgresAcceptsConnectionsCheck(LocalPostgresResource server) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            var connectionString = await server.MaintenanceConnectionString.GetValueAsync(timeout.Token);
            await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false;Timeout=2");
            await connection.OpenAsync(timeout.Token);
            await using var command = new NpgsqlCommand("SELECT 1;", connection);
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not accept sessions yet", ex);
        }
    }
}
