using Npgsql;

namespace PAI.Bench.Cluster;

/// <summary>
/// Counts PostgreSQL write transactions: <c>pg_snapshot_xmax(pg_current_snapshot())</c> is the next transaction id to be
/// assigned, and PostgreSQL assigns ids only to transactions that write, so the difference of two readings is the
/// number of write transactions in between (on the whole server; nothing else writes during a phase).
/// </summary>
public static class WriteCounter
{
    /// <summary>The next transaction id.</summary>
    public static async Task<long> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint;", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
