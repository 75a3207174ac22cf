using Microsoft.Data.Sqlite;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Storage;

namespace PAI.Storage.Sqlite;

/// <summary>The goal index in the <c>goal_index</c> table, written through the store's group-commit writer.</summary>
public sealed class SqliteGoalIndex(SqliteStore store) : IGoalIndex
{
    private static readonly string TerminalStatuses = string.Join(", ",
        Enum.GetValues<GoalStatus>().Where(s => s.IsTerminal()).Select(s => ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture)));

    // Unfinished for the resume scan: a status that is not final, or a finished goal whose handlers are pending.
    private static readonly string UnfinishedSql =
        $"SELECT id FROM goal_index WHERE status NOT IN ({TerminalStatuses}) OR handlers_pending <> 0 ORDER BY created_at, id;";

    private static readonly string FinishedBeforeSql =
        $"SELECT id FROM goal_index WHERE status IN ({TerminalStatuses}) AND handlers_pending = 0 AND updated_at < @before ORDER BY updated_at, id LIMIT @limit;";

    /// <inheritdoc />
    public Task UpsertAsync(GoalIndexEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var createdAt = SqliteTime.Format(entry.CreatedAt);
        var updatedAt = SqliteTime.Format(entry.UpdatedAt);
        return store.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO goal_index (id, owner, title, status, created_at, updated_at, step_count, handlers_pending)
                VALUES (@id, @owner, @title, @status, @created, @updated, @steps, @pending)
                ON CONFLICT (id) DO UPDATE SET
                    owner = excluded.owner, title = excluded.title, status = excluded.status,
                    created_at = excluded.created_at, updated_at = excluded.updated_at, step_count = excluded.step_count,
                    handlers_pending = excluded.handlers_pending;
                """;
            command.Parameters.AddWithValue("@id", entry.Id);
            command.Parameters.AddWithValue("@owner", entry.Owner);
            command.Parameters.AddWithValue("@title", entry.Title);
            command.Parameters.AddWithValue("@status", (int)entry.Status);
            command.Parameters.AddWithValue("@created", createdAt);
            command.Parameters.AddWithValue("@updated", updatedAt);
            command.Parameters.AddWithValue("@steps", entry.StepCount);
            command.Parameters.AddWithValue("@pending", entry.HandlersPending ? 1 : 0);
            return command.ExecuteNonQuery();
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<GoalIndexEntry>> ListAsync(GoalIndexQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var after = query.After is { } position ? (CreatedAt: SqliteTime.Format(position.CreatedAt), position.Id) : default;
        return store.ReadAsync<IReadOnlyList<GoalIndexEntry>>(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            // Only the filters that are given go into the WHERE clause: "(@owner IS NULL OR owner = @owner)" keeps
            // SQLite from using ix_goal_index_owner_created, so every listing scanned the whole index table.
            var filters = new List<string>(3);
            if (query.Owner is not null)
            {
                filters.Add("owner = @owner");
                command.Parameters.AddWithValue("@owner", query.Owner);
            }

            if (query.Status is { } status)
            {
                filters.Add("status = @status");
                command.Parameters.AddWithValue("@status", (int)status);
            }

            if (!string.IsNullOrEmpty(query.TitleContains))
            {
                // instr is a plain substring search: linear, and no LIKE wildcards to escape.
                filters.Add("instr(lower(title), lower(@title)) > 0");
                command.Parameters.AddWithValue("@title", query.TitleContains);
            }

            if (query.IdPrefix is { } prefix)
            {
                // substr, not LIKE: '_' in ids is a LIKE wildcard.
                filters.Add("substr(id, 1, @prefixLength) = @prefix");
                command.Parameters.AddWithValue("@prefixLength", prefix.Length);
                command.Parameters.AddWithValue("@prefix", prefix);
            }

            if (query.After is not null)
            {
                // Keyset paging: a row value comparison, which SQLite answers from the (created_at, id) indexes.
                filters.Add("(created_at, id) < (@afterCreated, @afterId)");
                command.Parameters.AddWithValue("@afterCreated", after.CreatedAt);
                command.Parameters.AddWithValue("@afterId", after.Id);
            }

            command.CommandText =
                "SELECT id, owner, title, status, created_at, updated_at, step_count, handlers_pending FROM goal_index" +
                (filters.Count == 0 ? "" : " WHERE " + string.Join(" AND ", filters)) +
                " ORDER BY created_at DESC, id DESC LIMIT @limit;";
            command.Parameters.AddWithValue("@limit", query.Limit);
            var entries = new List<GoalIndexEntry>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                entries.Add(new GoalIndexEntry(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    (GoalStatus)reader.GetInt32(3),
                    SqliteTime.Parse(reader.GetString(4)),
                    SqliteTime.Parse(reader.GetString(5)),
                    reader.GetInt32(6),
                    reader.GetInt64(7) != 0));
            }

            return entries;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<GoalStatus, long>> CountByStatusAsync(string? owner, CancellationToken cancellationToken = default) =>
        store.ReadAsync<IReadOnlyDictionary<GoalStatus, long>>(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = owner is null
                ? "SELECT status, COUNT(*) FROM goal_index GROUP BY status;"
                : "SELECT status, COUNT(*) FROM goal_index WHERE owner = @owner GROUP BY status;";
            command.Parameters.AddWithValue("@owner", (object?)owner ?? DBNull.Value);
            var counts = new Dictionary<GoalStatus, long>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                counts[(GoalStatus)reader.GetInt32(0)] = reader.GetInt64(1);
            }

            return counts;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListUnfinishedAsync(CancellationToken cancellationToken = default) =>
        store.ReadAsync((connection, ct) => ReadIdsAsync(connection, UnfinishedSql, null, ct), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListFinishedBeforeAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken = default)
    {
        var beforeText = SqliteTime.Format(before);
        return store.ReadAsync((connection, ct) => ReadIdsAsync(connection, FinishedBeforeSql, command =>
        {
            command.Parameters.AddWithValue("@before", beforeText);
            command.Parameters.AddWithValue("@limit", limit);
        }, ct), cancellationToken);
    }

    /// <summary>
    /// Removes the index row and the state of the goal grain (<c>goal/&lt;id&gt;</c>) and of its step-run grains
    /// (<c>steprun/&lt;id&gt;/…</c>), in one transaction. The grain type names come from
    /// <see cref="SqliteStoreOptions.GoalGrainType"/> and <see cref="SqliteStoreOptions.StepRunGrainType"/>.
    /// </summary>
    public Task DeleteGoalAsync(string goalId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(goalId);
        var goalGrainId = $"{store.Options.GoalGrainType}/{goalId}";

        // A range on the primary key instead of LIKE: exact (no wildcard escaping, no ASCII case folding) and indexed.
        // '0' is the character after '/', so [prefix, prefixEnd) holds exactly the ids that start with prefix.
        var stepPrefix = $"{store.Options.StepRunGrainType}/{goalId}/";
        var stepPrefixEnd = string.Concat(stepPrefix.AsSpan(0, stepPrefix.Length - 1), "0");
        return store.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                DELETE FROM goal_index WHERE id = @id;
                DELETE FROM grain_state WHERE grain_id = @goal OR (grain_id >= @prefix AND grain_id < @prefixEnd);
                """;
            command.Parameters.AddWithValue("@id", goalId);
            command.Parameters.AddWithValue("@goal", goalGrainId);
            command.Parameters.AddWithValue("@prefix", stepPrefix);
            command.Parameters.AddWithValue("@prefixEnd", stepPrefixEnd);
            return command.ExecuteNonQuery();
        }, cancellationToken);
    }

    private static async Task<IReadOnlyList<string>> ReadIdsAsync(SqliteConnection connection, string sql, Action<SqliteCommand>? bind, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind?.Invoke(command);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
