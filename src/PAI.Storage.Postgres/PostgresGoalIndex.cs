using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using Orleans.Runtime;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Storage;

namespace PAI.Storage.Postgres;

/// <summary>
/// The goal index in <c>pai_goal_index</c>, one row per goal, scoped by the Orleans service id so several PAI
/// services can share a database.
/// </summary>
public sealed class PostgresGoalIndex(NpgsqlDataSource dataSource, string serviceId, PostgresSchemaInitializer? schema = null) : IGoalIndex
{
    /// <summary>The grain type of the goal grain, whose key is the goal id.</summary>
    public const string GoalGrainType = "goal";

    private static readonly string TerminalStatuses = string.Join(", ",
        Enum.GetValues<GoalStatus>().Where(s => s.IsTerminal()).Select(s => ((int)s).ToString(CultureInfo.InvariantCulture)));

    /// <inheritdoc />
    public async Task UpsertAsync(GoalIndexEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await EnsureSchemaAsync(cancellationToken);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO pai_goal_index (service_id, id, owner, title, status, created_at, updated_at, step_count, handlers_pending)
            VALUES (@s, @id, @owner, @title, @status, @created, @updated, @steps, @pending)
            ON CONFLICT (service_id, id) DO UPDATE SET
                owner = excluded.owner, title = excluded.title, status = excluded.status,
                created_at = excluded.created_at, updated_at = excluded.updated_at, step_count = excluded.step_count,
                handlers_pending = excluded.handlers_pending;
            """);
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("id", entry.Id);
        command.Parameters.AddWithValue("owner", entry.Owner);
        command.Parameters.AddWithValue("title", entry.Title);
        command.Parameters.AddWithValue("status", (int)entry.Status);
        command.Parameters.AddWithValue("created", entry.CreatedAt.ToUniversalTime());
        command.Parameters.AddWithValue("updated", entry.UpdatedAt.ToUniversalTime());
        command.Parameters.AddWithValue("steps", entry.StepCount);
        command.Parameters.AddWithValue("pending", entry.HandlersPending);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<GoalIndexEntry>> ListAsync(GoalIndexQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureSchemaAsync(cancellationToken);

        // Keyset paging on (created_at, id), the order of ix_pai_goal_index_created; only the filters that are given
        // go into the WHERE clause so the planner can use that index (or the owner one) for each combination.
        var sql = new StringBuilder("SELECT id, owner, title, status, created_at, updated_at, step_count, handlers_pending FROM pai_goal_index WHERE service_id = @s");
        await using var command = dataSource.CreateCommand();
        command.Parameters.AddWithValue("s", serviceId);
        if (query.Owner is not null)
        {
            sql.Append(" AND owner = @owner");
            command.Parameters.Add(new NpgsqlParameter("owner", NpgsqlDbType.Text) { Value = query.Owner });
        }

        if (query.Status is { } status)
        {
            sql.Append(" AND status = @status");
            command.Parameters.AddWithValue("status", (int)status);
        }

        if (!string.IsNullOrEmpty(query.TitleContains))
        {
            // strpos is a plain substring search: linear, and no LIKE wildcards to escape.
            sql.Append(" AND strpos(lower(title), lower(@title)) > 0");
            command.Parameters.Add(new NpgsqlParameter("title", NpgsqlDbType.Text) { Value = query.TitleContains });
        }

        if (query.IdPrefix is { } prefix)
        {
            // starts_with, not LIKE: '_' in ids is a LIKE wildcard.
            sql.Append(" AND starts_with(id, @prefix)");
            command.Parameters.Add(new NpgsqlParameter("prefix", NpgsqlDbType.Text) { Value = prefix });
        }

        if (query.After is { } after)
        {
            sql.Append(" AND (created_at, id) < (@afterCreated, @afterId)");
            command.Parameters.AddWithValue("afterCreated", after.CreatedAt.ToUniversalTime());
            command.Parameters.Add(new NpgsqlParameter("afterId", NpgsqlDbType.Text) { Value = after.Id });
        }

        sql.Append(" ORDER BY created_at DESC, id DESC LIMIT @limit;");
        command.Parameters.AddWithValue("limit", query.Limit);
        command.CommandText = sql.ToString();
        var entries = new List<GoalIndexEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new GoalIndexEntry(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                (GoalStatus)reader.GetInt32(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetInt32(6),
                reader.GetBoolean(7)));
        }

        return entries;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<GoalStatus, long>> CountByStatusAsync(string? owner, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync(cancellationToken);
        await using var command = dataSource.CreateCommand(owner is null
            ? "SELECT status, count(*) FROM pai_goal_index WHERE service_id = @s GROUP BY status;"
            : "SELECT status, count(*) FROM pai_goal_index WHERE service_id = @s AND owner = @owner GROUP BY status;");
        command.Parameters.AddWithValue("s", serviceId);
        if (owner is not null)
        {
            command.Parameters.Add(new NpgsqlParameter("owner", NpgsqlDbType.Text) { Value = owner });
        }

        var counts = new Dictionary<GoalStatus, long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[(GoalStatus)reader.GetInt32(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListUnfinishedAsync(CancellationToken cancellationToken = default) =>
        ReadIdsAsync(
            $"SELECT id FROM pai_goal_index WHERE service_id = @s AND (status NOT IN ({TerminalStatuses}) OR handlers_pending) ORDER BY created_at, id;",
            null,
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListFinishedBeforeAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken = default) =>
        ReadIdsAsync(
            $"SELECT id FROM pai_goal_index WHERE service_id = @s AND status IN ({TerminalStatuses}) AND NOT handlers_pending AND updated_at < @before ORDER BY updated_at, id LIMIT @limit;",
            command =>
            {
                command.Parameters.AddWithValue("before", before.ToUniversalTime());
                command.Parameters.AddWithValue("limit", limit);
            },
            cancellationToken);

    /// <summary>
    /// Removes the index row and, in the same transaction, Orleans' grain-state rows of the goal grain
    /// (<c>goal/&lt;id&gt;</c>) and of its step-run grains (<c>steprun/&lt;id&gt;/&lt;step&gt;</c>).
    /// </summary>
    /// <remarks>
    /// Orleans' ADO.NET rows carry the state name and the key, not the grain type: a string key is stored in
    /// <c>grainidextensionstring</c> with <c>grainidn0 = grainidn1 = 0</c> (a 32-hex-digit key would be read as a Guid and
    /// split into n0/n1). So this deletes, within this service id, every row whose key is the goal id or starts with
    /// <c>&lt;id&gt;/</c>, whatever its state name; in PAI only the goal and step-run grains use such keys.
    /// </remarks>
    public async Task DeleteGoalAsync(string goalId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(goalId);
        var (n0, n1, extension) = OrleansKey(GrainId.Create(GoalGrainType, goalId));
        var stepPrefix = goalId + "/";
        var stepPrefixEnd = goalId + "0"; // '0' follows '/' in byte order: [prefix, prefixEnd) is exactly the prefix.

        await EnsureSchemaAsync(cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            DELETE FROM pai_goal_index WHERE service_id = @s AND id = @id;
            DELETE FROM orleansstorage
            WHERE serviceid = @s AND (
                (grainidn0 = @n0 AND grainidn1 = @n1 AND grainidextensionstring IS NOT DISTINCT FROM @ext::varchar)
                OR (grainidn0 = 0 AND grainidn1 = 0
                    AND grainidextensionstring COLLATE "C" >= @prefix::varchar COLLATE "C"
                    AND grainidextensionstring COLLATE "C" < @prefixEnd::varchar COLLATE "C"));
            """, connection, transaction);
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("id", goalId);
        command.Parameters.AddWithValue("n0", n0);
        command.Parameters.AddWithValue("n1", n1);
        command.Parameters.Add(new NpgsqlParameter("ext", NpgsqlDbType.Varchar) { Value = (object?)extension ?? DBNull.Value });
        command.Parameters.AddWithValue("prefix", stepPrefix);
        command.Parameters.AddWithValue("prefixEnd", stepPrefixEnd);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>How Orleans' ADO.NET storage splits a grain key into (n0, n1, extension string).</summary>
    public static (long N0, long N1, string? Extension) OrleansKey(GrainId grainId)
    {
        if (grainId.TryGetGuidKey(out var guid, out var guidExtension))
        {
            var bytes = guid.ToByteArray();
            return (BitConverter.ToInt64(bytes, 0), BitConverter.ToInt64(bytes, 8), guidExtension);
        }

        if (grainId.TryGetIntegerKey(out var integer, out var integerExtension))
        {
            return (0, integer, integerExtension);
        }

        return (0, 0, grainId.Key.ToString());
    }

    private async Task<IReadOnlyList<string>> ReadIdsAsync(string sql, Action<NpgsqlCommand>? bind, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("s", serviceId);
        bind?.Invoke(command);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private Task EnsureSchemaAsync(CancellationToken cancellationToken) => schema?.EnsureAsync(cancellationToken) ?? Task.CompletedTask;
}
