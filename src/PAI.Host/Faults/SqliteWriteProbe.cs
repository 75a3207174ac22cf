using PAI.Storage.Sqlite;

namespace PAI.Host.Faults;

/// <summary>Embedded mode: commits one small row through the store's writer (the same group commit goals use).</summary>
public sealed class SqliteWriteProbe(SqliteStore store, TimeProvider time) : IStoreWriteProbe
{
    /// <inheritdoc />
    public string Name => "SQLite store";

    /// <inheritdoc />
    public Task ProbeAsync(long bytes, CancellationToken cancellationToken) =>
        store.WriteAsync(
            (connection, transaction) =>
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "INSERT INTO write_probe (id, probed_at) VALUES (1, $at) ON CONFLICT (id) DO UPDATE SET probed_at = excluded.probed_at;";
                command.Parameters.AddWithValue("$at", time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                return command.ExecuteNonQuery();
            },
            cancellationToken);
}
