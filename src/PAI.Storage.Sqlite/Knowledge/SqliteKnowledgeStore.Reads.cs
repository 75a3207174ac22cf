using Microsoft.Data.Sqlite;
using PAI.Abstractions.Knowledge;

namespace PAI.Storage.Sqlite.Knowledge;

/// <summary>The reading half of <see cref="SqliteKnowledgeStore"/>: lookups, bounded recursive walks, changes.</summary>
public sealed partial class SqliteKnowledgeStore
{
    // A fact is visible at @at when PAI believed it then and it held then (both intervals half-open).
    private const string Visible = "f.principal = @p AND f.recorded_at <= @at AND (f.invalidated_at IS NULL OR f.invalidated_at > @at) AND f.valid_from <= @at AND (f.valid_to IS NULL OR f.valid_to > @at)";

    /// <inheritdoc />
    public async Task<GraphEntity?> FindEntityAsync(string principal, IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(keys);
        await EnsureSchemaAsync();
        var id = await store.ReadAsync(async (connection, ct) =>
        {
            await using var find = SqliteCommands.Create(connection, null, "SELECT entity_id FROM kg_entity_keys WHERE principal = @p AND key = @k;", "@p", "@k");
            foreach (var key in keys)
            {
                if (await find.Set("@p", principal).Set("@k", key).ExecuteScalarAsync(ct) is string found)
                {
                    return found;
                }
            }

            return null;
        }, cancellationToken);
        if (id is null)
        {
            return null;
        }

        var entities = await GetEntitiesAsync(principal, [id], cancellationToken);
        return entities.Count > 0 ? entities[0] : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<GraphEntity>> GetEntitiesAsync(string principal, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(ids);
        await EnsureSchemaAsync();
        if (ids.Count == 0)
        {
            return [];
        }

        return await store.ReadAsync<IReadOnlyList<GraphEntity>>(async (connection, ct) =>
        {
            var aliases = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            await using (var keys = SqliteCommands.Create(connection, null, "SELECT entity_id, key FROM kg_entity_keys WHERE principal = @p AND entity_id IN (SELECT value FROM json_each(@ids)) ORDER BY entity_id, key;", "@p", "@ids"))
            {
                keys.Set("@p", principal).Set("@ids", Json(ids));
                await using var reader = await keys.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var entity = reader.GetString(0);
                    if (!aliases.TryGetValue(entity, out var list))
                    {
                        aliases[entity] = list = [];
                    }

                    list.Add(reader.GetString(1));
                }
            }

            var found = new Dictionary<string, GraphEntity>(StringComparer.Ordinal);
            await using (var entities = SqliteCommands.Create(connection, null, "SELECT id, name, type, created_at FROM kg_entities WHERE principal = @p AND id IN (SELECT value FROM json_each(@ids));", "@p", "@ids"))
            {
                entities.Set("@p", principal).Set("@ids", Json(ids));
                await using var reader = await entities.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var id = reader.GetString(0);
                    found[id] = new GraphEntity(id, reader.GetString(1), SqliteCommands.ReadText(reader, 2), aliases.GetValueOrDefault(id) ?? [], SqliteTime.Parse(reader.GetString(3)));
                }
            }

            return ids.Distinct(StringComparer.Ordinal).Where(found.ContainsKey).Select(id => found[id]).ToList();
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<GraphFact>> GetFactsAsync(string principal, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(ids);
        await EnsureSchemaAsync();
        if (ids.Count == 0)
        {
            return [];
        }

        return await ReadFactsAsync(
            $"SELECT {FactColumns} FROM kg_facts WHERE principal = @p AND id IN (SELECT value FROM json_each(@ids));",
            c => c.Set("@p", principal).Set("@ids", Json(ids)),
            ["@p", "@ids"],
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EntityDistance>> WalkAsync(string principal, string startId, int maxDepth, DateTimeOffset asOf, int maxRows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        await EnsureSchemaAsync();

        // Breadth first (SQLite's recursive queue is FIFO); UNION keeps each (entity, depth) once, and LIMIT stops the
        // recursion itself after @rows rows, so a dense graph cannot make the walk grow without bound.
        var sql = $"""
            WITH RECURSIVE walk(id, depth) AS (
                SELECT @start, 0
                UNION
                SELECT f.object_id, w.depth + 1 FROM walk w JOIN kg_facts f ON f.subject_id = w.id
                WHERE w.depth < @depth AND f.object_id IS NOT NULL AND {Visible}
                UNION
                SELECT f.subject_id, w.depth + 1 FROM walk w JOIN kg_facts f ON f.object_id = w.id
                WHERE w.depth < @depth AND {Visible}
                LIMIT @rows)
            SELECT id, MIN(depth) AS d FROM walk GROUP BY id ORDER BY d, id;
            """;
        return await store.ReadAsync<IReadOnlyList<EntityDistance>>(async (connection, ct) =>
        {
            await using var command = SqliteCommands.Create(connection, null, sql, "@start", "@depth", "@p", "@at", "@rows");
            command.Set("@start", startId).Set("@depth", maxDepth).Set("@p", principal).Set("@at", SqliteTime.Format(asOf)).Set("@rows", maxRows);
            var found = new List<EntityDistance>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                found.Add(new EntityDistance(reader.GetString(0), (int)reader.GetInt64(1)));
            }

            return found;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<GraphFact>> FactsAmongAsync(string principal, IReadOnlyList<string> entityIds, DateTimeOffset asOf, bool bothEnds, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(entityIds);
        await EnsureSchemaAsync();
        var objects = bothEnds ? " AND (f.object_id IS NULL OR f.object_id IN (SELECT value FROM json_each(@ids)))" : "";
        return await ReadFactsAsync(
            $"SELECT {Prefixed("f")} FROM kg_facts f WHERE f.subject_id IN (SELECT value FROM json_each(@ids)) AND {Visible}{objects} ORDER BY f.subject_id, f.predicate, f.valid_from, f.id LIMIT @limit;",
            c => c.Set("@p", principal).Set("@ids", Json(entityIds)).Set("@at", SqliteTime.Format(asOf)).Set("@limit", limit),
            ["@p", "@ids", "@at", "@limit"],
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PathStep>?> FindPathAsync(string principal, string fromId, string toId, int maxDepth, DateTimeOffset asOf, int maxRows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        await EnsureSchemaAsync();
        if (fromId == toId)
        {
            return [];
        }

        // Paths as '/'-joined id lists (ids never hold '/'); a path never visits an entity twice and stops at the
        // target. The queue is FIFO, so the first path to reach the target is a shortest one; LIMIT bounds the search.
        var sql = $"""
            WITH RECURSIVE walk(id, depth, path, facts) AS (
                SELECT @from, 0, '/' || @from || '/', ''
                UNION ALL
                SELECT f.object_id, w.depth + 1, w.path || f.object_id || '/', w.facts || f.id || '/'
                FROM walk w JOIN kg_facts f ON f.subject_id = w.id
                WHERE w.depth < @depth AND w.id <> @to AND f.object_id IS NOT NULL AND {Visible} AND instr(w.path, '/' || f.object_id || '/') = 0
                UNION ALL
                SELECT f.subject_id, w.depth + 1, w.path || f.subject_id || '/', w.facts || f.id || '/'
                FROM walk w JOIN kg_facts f ON f.object_id = w.id
                WHERE w.depth < @depth AND w.id <> @to AND {Visible} AND instr(w.path, '/' || f.subject_id || '/') = 0
                LIMIT @rows)
            SELECT path, facts FROM walk WHERE id = @to ORDER BY depth LIMIT 1;
            """;
        return await store.ReadAsync<IReadOnlyList<PathStep>?>(async (connection, ct) =>
        {
            await using var command = SqliteCommands.Create(connection, null, sql, "@from", "@to", "@depth", "@p", "@at", "@rows");
            command.Set("@from", fromId).Set("@to", toId).Set("@depth", maxDepth).Set("@p", principal).Set("@at", SqliteTime.Format(asOf)).Set("@rows", maxRows);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }

            return ToSteps(reader.GetString(0).Split('/', StringSplitOptions.RemoveEmptyEntries), reader.GetString(1).Split('/', StringSplitOptions.RemoveEmptyEntries));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<GraphChange>> ChangesAsync(string principal, DateTimeOffset from, DateTimeOffset to, GraphChangeCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        await EnsureSchemaAsync();
        var sql = $"""
            SELECT at, kind, {FactColumns} FROM (
                SELECT recorded_at AS at, 0 AS kind, {FactColumns} FROM kg_facts WHERE principal = @p AND recorded_at >= @from AND recorded_at < @to
                UNION ALL
                SELECT invalidated_at AS at, 1 AS kind, {FactColumns} FROM kg_facts WHERE principal = @p AND invalidated_at >= @from AND invalidated_at < @to)
            WHERE @afterAt IS NULL OR (at, kind, id) > (@afterAt, @afterKind, @afterId)
            ORDER BY at, kind, id LIMIT @limit;
            """;
        return await store.ReadAsync<IReadOnlyList<GraphChange>>(async (connection, ct) =>
        {
            await using var command = SqliteCommands.Create(connection, null, sql, "@p", "@from", "@to", "@afterAt", "@afterKind", "@afterId", "@limit");
            command.Set("@p", principal).Set("@from", SqliteTime.Format(from)).Set("@to", SqliteTime.Format(to)).Set("@limit", limit)
                .Set("@afterAt", after is null ? null : SqliteTime.Format(after.At)).Set("@afterKind", after is null ? null : (int)after.Kind).Set("@afterId", after?.FactId);
            var changes = new List<GraphChange>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                changes.Add(new GraphChange(SqliteTime.Parse(reader.GetString(0)), (GraphChangeKind)reader.GetInt64(1), ReadFact(reader, 2)));
            }

            return changes;
        }, cancellationToken);
    }

    private static List<PathStep> ToSteps(string[] entities, string[] facts)
    {
        var steps = new List<PathStep>(facts.Length);
        for (var i = 0; i < facts.Length; i++)
        {
            steps.Add(new PathStep(facts[i], entities[i + 1]));
        }

        return steps;
    }

    private static string Prefixed(string alias) => string.Join(", ", FactColumns.Split(", ").Select(c => alias + "." + c));

    private Task<IReadOnlyList<GraphFact>> ReadFactsAsync(string sql, Action<SqliteCommand> bind, string[] parameters, CancellationToken cancellationToken) =>
        store.ReadAsync<IReadOnlyList<GraphFact>>(async (connection, ct) =>
        {
            await using var command = SqliteCommands.Create(connection, null, sql, parameters);
            bind(command);
            var facts = new List<GraphFact>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                facts.Add(ReadFact(reader));
            }

            return facts;
        }, cancellationToken);
}
