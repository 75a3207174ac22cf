using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace PAI.Host.Faults;

/// <summary>
/// Cluster mode: upserts this service's row in <c>pai_write_probe</c>, a real committed write, which PostgreSQL
/// refuses when it is read-only (a standby, <c>default_transaction_read_only</c>) and cannot do when it does not answer.
/// </summary>
public sealed class PostgresWriteProbe(NpgsqlDataSource dataSource, IOptions<ClusterOptions> cluster) : IStoreWriteProbe
{
    /// <inheritdoc />
    public string Name => "PostgreSQL";

    /// <inheritdoc />
    public async Task ProbeAsync(long bytes, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO pai_write_probe (service_id, probed_at) VALUES ($1, now()) ON CONFLICT (service_id) DO UPDATE SET probed_at = excluded.probed_at;");
        command.Parameters.AddWithValue(cluster.Value.ServiceId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
