using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PAI.Storage.Sqlite;

/// <summary>
/// Orleans reminders in the <c>reminders</c> table of the data file, so that embedded mode's reminders survive a
/// restart (cluster mode uses Orleans' ADO.NET reminder table on PostgreSQL). ETags are per-row counters; a row's
/// grain hash is kept so that <see cref="ReadRows(uint, uint)"/> can answer a ring range as the reminder service asks.
/// </summary>
public sealed class SqliteReminderTable(SqliteStore store) : IReminderTable
{
    private const string Columns = "grain_id, name, start_at, period_ms, etag";

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        store.ReadAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM reminders WHERE grain_id = @g;";
            command.Parameters.AddWithValue("@g", grainId.ToString());
            return await ReadAllAsync(command, ct);
        });

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        store.ReadAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            var range = begin < end ? "grain_hash > @b AND grain_hash <= @e" : "grain_hash > @b OR grain_hash <= @e";
            command.CommandText = $"SELECT {Columns} FROM reminders WHERE {range};";
            command.Parameters.AddWithValue("@b", (long)begin);
            command.Parameters.AddWithValue("@e", (long)end);
            return await ReadAllAsync(command, ct);
        });

    /// <inheritdoc />
    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        store.ReadAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM reminders WHERE grain_id = @g AND name = @n;";
            command.Parameters.AddWithValue("@g", grainId.ToString());
            command.Parameters.AddWithValue("@n", reminderName);
            var rows = await ReadAllAsync(command, ct);
            return rows.Reminders.Count == 0 ? null : rows.Reminders[0];
        });

    /// <inheritdoc />
    public Task<string?> UpsertRow(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var startAt = SqliteTime.Format(new DateTimeOffset(DateTime.SpecifyKind(entry.StartAt, entry.StartAt.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : entry.StartAt.Kind)));
        return store.WriteAsync<string?>((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO reminders (grain_id, name, grain_hash, start_at, period_ms, etag) VALUES (@g, @n, @h, @s, @p, 1)
                ON CONFLICT (grain_id, name) DO UPDATE SET start_at = excluded.start_at, period_ms = excluded.period_ms, etag = reminders.etag + 1
                RETURNING etag;
                """;
            command.Parameters.AddWithValue("@g", entry.GrainId.ToString());
            command.Parameters.AddWithValue("@n", entry.ReminderName);
            command.Parameters.AddWithValue("@h", (long)entry.GrainId.GetUniformHashCode());
            command.Parameters.AddWithValue("@s", startAt);
            command.Parameters.AddWithValue("@p", (long)entry.Period.TotalMilliseconds);
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        });
    }

    /// <inheritdoc />
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        if (!long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var etag))
        {
            return Task.FromResult(false);
        }

        return store.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM reminders WHERE grain_id = @g AND name = @n AND etag = @e;";
            command.Parameters.AddWithValue("@g", grainId.ToString());
            command.Parameters.AddWithValue("@n", reminderName);
            command.Parameters.AddWithValue("@e", etag);
            return command.ExecuteNonQuery() == 1;
        });
    }

    /// <inheritdoc />
    public Task TestOnlyClearTable() =>
        store.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM reminders;";
            return command.ExecuteNonQuery();
        });

    private static async Task<ReminderTableData> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var entries = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = SqliteTime.Parse(reader.GetString(2)).UtcDateTime,
                Period = TimeSpan.FromMilliseconds(reader.GetInt64(3)),
                ETag = reader.GetInt64(4).ToString(CultureInfo.InvariantCulture),
            });
        }

        return new ReminderTableData(entries);
    }
}
