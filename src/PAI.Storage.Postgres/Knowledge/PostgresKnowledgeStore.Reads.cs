using Npgsql;
using PAI.Abstractions.Knowledge;

namespace PAI.Storage.Postgres.Knowledge;

/// <summary>The reading half of <see cref="PostgresKnowledgeStore"/>: lookups, bounded recursive walks, changes.</summary>
public sealed partial class PostgresKnowledgeStore
{
    // A fact is visible at @at when PAI believed it then and it held then (both intervals half-open).
    private const string Visible = "f.service_id = @s AND f.principal = @p AND f.recorded_at <= @at AND (f.invalidated_at IS NULL OR f.invalidated_at > @at) AND f.valid_from <= @at AND (f.valid_to IS NULL OR f.valid_to > @at)";

    /// <inheritdoc />
    public async Task<GraphEntity?> FindEntityAsync(string principal, IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(keys);
        await EnsureSchemaAsync(cancellationToken);
        await using var command = dataSource.CreateCommand("""
            SELECT k.entity_id FROM unnest(@keys) WITH ORDINALITY AS q(key, n)
            JOIN pai_kg_entity_keys k ON k.service_id = @s AND k.principal = @p AND k.key = q.key ORDER BY q.n LIMIT 1;
            """);
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("p", principal);
        command.Parameters.AddWithValue("keys", keys.ToArray());
        if (await command.ExecuteScalarAsync(cancellationToken) is not string id)
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
        await EnsureSchemaAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return [];
        }

        await using var command = dataSource.CreateCommand("""
            SELECT e.id, e.name, e.type, e.created_at,
                   ARRAY(SELECT k.key FROM pai_kg_entity_keys k WHERE k.service_id = e.service_id AND k.entity_id = e.id ORDER BY k.key)
            FROM pai_kg_entities e WHERE e.service_id = @s AND e.principal = @p AND e.id = ANY(@ids);
            """);
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("p", principal);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        var found = new Dictionary<string, GraphEntity>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetString(0);
            found[id] = new GraphEntity(id, reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetFieldValue<string[]>(4), reader.GetFieldValue<DateTimeOffset>(3));
        }

        return ids.Distinct(StringComparer.Ordinal).Where(found.ContainsKey).Select(id => found[id]).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<GraphFact>> GetFactsAsync(string principal, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(ids);
        await EnsureSchemaAsync(cancellationToken);
        await using var command = dataSource.CreateCommand($"SELECT {FactColumns} FROM pai_kg_facts WHERE service_id = @s AND principal = @p AND id = ANY(@ids);");
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("p", principal);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        return await ReadFactsAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EntityDistance>> WalkAsync(string principal, string startId, int maxDepth, DateTimeOffset asOf, int maxRows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        await EnsureSchemaAsync(cancellationToken);

        // Breadth first; UNION keeps each (entity, depth) once. The LIMIT on the subquery stops the recursion after
        // @rows rows (PostgreSQL evaluates a recursive CTE only as far as its reader pulls), bounding dense graphs.
        await using var command = dataSource.CreateCommand($"""
            WITH RECURSIVE walk(id, depth) AS (
                SELECT @start::text, 0
                UNION
                SELECT n.id, w.depth + 1 FROM walk w CROSS JOIN LATERAL (
                    SELECT f.object_id AS id FROM pai_kg_facts f WHERE f.subject_id = w.id AND f.object_id IS NOT NULL AND {Visible}
                    UNION ALL
                    SELECT f.subject_id FROM pai_kg_facts f WHERE f.object_id = w.id AND {Visible}) n
                WHERE w.depth < @depth)
            SELECT id, MIN(depth) AS d FROM (SELECT id, depth FROM walk LIMIT @rows) s GROUP BY id ORDER BY d, id;
            """);
        BindWalk(command, principal, asOf, maxDepth, maxRows);
        command.Parameters.AddWithValue("start", startId);
        var found = new List<EntityDistance>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new EntityDistance(reader.GetString(0), reader.GetInt32(1)));
        }

        return found;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<GraphFact>> FactsAmongAsync(string principal, IReadOnlyList<string> entityIds, DateTimeOffset asOf, bool bothEnds, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(entityIds);
        await EnsureSchemaAsync(cancellationToken);
        var objects = bothEnds ? " AND (f.object_id IS NULL OR f.object_id = ANY(@ids))" : "";
        await using var command = dataSource.CreateCommand($"SELECT {Prefixed("f")} FROM pai_kg_facts f WHERE f.subject_id = ANY(@ids) AND {Visible}{objects} ORDER BY f.subject_id, f.predicate, f.valid_from, f.id LIMIT @limit;");
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("p", principal);
        command.Parameters.AddWithValue("at", asOf.ToUniversalTime());
        command.Parameters.AddWithValue("ids", entityIds.ToArray());
        command.Parameters.AddWithValue("limit", limit);
        return await ReadFactsAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PathStep>?> FindPathAsync(string principal, string fromId, string toId, int maxDepth, DateTimeOffset asOf, int maxRows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        await EnsureSchemaAsync(cancellationToken);
        if (fromId == toId)
        {
            return [];
        }

        // Paths never visit an entity twice and stop at the target; breadth first, so the first to reach it is a
        // shortest one. The subquery's LIMIT stops the search after @rows partial paths.
        await using var command = dataSource.CreateCommand($"""
            WITH RECURSIVE walk(id, depth, path, facts) AS (
                SELECT @from::text, 0, ARRAY[@from::text], ARRAY[]::text[]
                UNION ALL
                SELECT n.id, w.depth + 1, w.path || n.id, w.facts || n.fact FROM walk w CROSS JOIN LATERAL (
                    SELECT f.object_id AS id, f.id AS fact FROM pai_kg_facts f WHERE f.subject_id = w.id AND f.object_id IS NOT NULL AND {Visible}
                    UNION ALL
                    SELECT f.subject_id, f.id FROM pai_kg_facts f WHERE f.object_id = w.id AND {Visible}) n
                WHERE w.depth < @depth AND w.id <> @to AND NOT (n.id = ANY(w.path)))
            SELECT path, facts FROM (SELECT id, depth, path, facts FROM walk LIMIT @rows) s WHERE id = @to ORDER BY depth LIMIT 1;
            """);
        BindWalk(command, principal, asOf, maxDepth, maxRows);
        command.Parameters.AddWithValue("from", fromId);
        command.Parameters.AddWithValue("to", toId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var entities = reader.GetFieldValue<string[]>(0);
        var facts = reader.GetFieldValue<string[]>(1);
        return facts.Select((fact, i) => new PathStep(fact, entities[i + 1])).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<GraphChange>> ChangesAsync(string principal, DateTimeOffset from, DateTimeOffset to, GraphChangeCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        await EnsureSchemaAsync(cancellationToken);
        var afterClause = after is null ? "" : "WHERE (at, kind, id) > (@afterAt, @afterKind, @afterId)";
        await using var command = dataSource.CreateCommand($"""
            SELECT at, kind, {FactColumns} FROM (
                SELECT recorded_at AS at, 0 AS kind, {FactColumns} FROM pai_kg_facts WHERE service_id = @s AND principal = @p AND recorded_at >= @from AND recorded_at < @to
                UNION ALL
                SELECT invalidated_at AS at, 1 AS kind, {FactColumns} FROM pai_kg_facts WHERE service_id = @s AND principal = @p AND invalidated_at >= @from AND invalidated_at < @to) c
            {afterClause}
            ORDER BY at, kind, id LIMIT @limit;
            """);
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("p", principal);
        command.Parameters.AddWithValue("from", from.ToUniversalTime());
        command.Parameters.AddWithValue("to", to.ToUniversalTime());
        command.Parameters.AddWithValue("limit", limit);
        if (after is not null)
        {
            command.Parameters.AddWithValue("afterAt", after.At.ToUniversalTime());
            command.Parameters.AddWithValue("afterKind", (int)after.Kind);
            command.Parameters.AddWithValue("afterId", after.FactId);
        }

        var changes = new List<GraphChange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Add(new GraphChange(reader.GetFieldValue<DateTimeOffset>(0), (GraphChangeKind)reader.GetInt32(1), ReadFact(reader, 2)));
        }

        return changes;
    }

    private void BindWalk(NpgsqlCommand command, string principal, DateTimeOffset asOf, int maxDepth, int maxRows)
    {
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("p", principal);
        command.Parameters.AddWithValue("at", asOf.ToUniversalTime());
        command.Parameters.AddWithValue("depth", maxDepth);
        command.Parameters.AddWithValue("rows", maxRows);
    }

    private static async Task<IReadOnlyList<GraphFact>> ReadFactsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var facts = new List<GraphFact>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            facts.Add(ReadFact(reader));
        }

        return facts;
    }
}
