using Npgsql;
using NpgsqlTypes;
using PAI.Abstractions.Knowledge;
using PAI.Abstractions.Memory;

namespace PAI.Storage.Postgres.Knowledge;

/// <summary>
/// The knowledge graph and notes index in PostgreSQL (schema 010), scoped by the Orleans service id. Every write of a
/// principal takes the principal's advisory transaction lock first, so entity resolution, conflict checks and garbage
/// collection see every earlier write of that principal, on any silo. A graph write is set-based: a few statements
/// over arrays (<c>unnest</c>) whatever the number of facts, in one transaction. Walks are recursive CTEs.
/// </summary>
public sealed partial class PostgresKnowledgeStore(NpgsqlDataSource dataSource, string serviceId, PostgresSchemaInitializer? schema = null) : IKnowledgeStore
{
    /// <summary>The <c>embed_model</c> of entities never compared by embedding (system types).</summary>
    internal const string NoEmbedding = "none";

    private const string FactColumns = "id, subject_id, predicate, object_id, value, single, valid_from, valid_to, recorded_at, invalidated_at, superseded_by";

    /// <inheritdoc />
    public async Task<GraphWriteResult> WriteAsync(GraphWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        await EnsureSchemaAsync(cancellationToken);
        var principal = write.Episode.Principal;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, principal, cancellationToken);
        await using (var replay = Command(connection, transaction, "SELECT fact_ids FROM pai_kg_episodes WHERE service_id = @s AND id = @id AND principal = @p;"))
        {
            replay.Parameters.AddWithValue("id", write.Episode.Id);
            replay.Parameters.AddWithValue("p", principal);
            if (await replay.ExecuteScalarAsync(cancellationToken) is string[] stored)
            {
                return new GraphWriteResult(stored, [], [], Replayed: true);
            }
        }

        var resolver = new PostgresEntityResolver(this, write, principal);
        await resolver.LoadAsync(connection, transaction, cancellationToken);
        var entityIds = new List<string>();
        var mentionIds = write.Mentions.Select(resolver.Resolve).ToList();
        entityIds.AddRange(mentionIds);
        var resolved = new List<ResolvedFact>(write.Facts.Count);
        foreach (var fact in write.Facts)
        {
            var subject = resolver.Resolve(fact.Subject);
            var obj = fact.Object is null ? null : resolver.Resolve(fact.Object);
            entityIds.Add(subject);
            if (obj is not null)
            {
                entityIds.Add(obj);
            }

            resolved.Add(new ResolvedFact(subject, fact.Predicate, obj, fact.Value, fact.ValidFrom, fact.ValidTo, fact.Single));
        }

        await resolver.SaveAsync(connection, transaction, mentionIds, cancellationToken);
        var now = write.Episode.RecordedAt;
        var plan = FactIngestPlanner.Plan(resolved, await ReadCurrentAsync(connection, transaction, resolved, cancellationToken), now, () => "f_" + Guid.CreateVersion7().ToString("N"));
        await ApplyAsync(connection, transaction, write.Episode, plan, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new GraphWriteResult(plan.FactIds, plan.Conflicts, entityIds, Replayed: false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EntityToEmbed>> ListUnembeddedAsync(int limit, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync(cancellationToken);
        await using var command = dataSource.CreateCommand("SELECT principal, id, name, type FROM pai_kg_entities WHERE service_id = @s AND embed_model IS NULL ORDER BY created_at LIMIT @n;");
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("n", limit);
        var found = new List<EntityToEmbed>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new EntityToEmbed(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return found;
    }

    /// <inheritdoc />
    public async Task<int> ResetEntityVectorsAsync(string model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        await EnsureSchemaAsync(cancellationToken);
        await using var command = dataSource.CreateCommand("UPDATE pai_kg_entities SET embed_model = NULL, embedding = NULL WHERE service_id = @s AND embed_model IS NOT NULL AND embed_model <> @none AND embed_model <> @m;");
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("none", NoEmbedding);
        command.Parameters.AddWithValue("m", model);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task SetEntityVectorsAsync(IReadOnlyList<EntityVectorUpdate> updates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updates);
        await EnsureSchemaAsync(cancellationToken);
        if (updates.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand("""
            UPDATE pai_kg_entities e SET embed_model = u.m, embedding = u.v
            FROM unnest(@ids, @ps, @ms, @vs) AS u(id, p, m, v)
            WHERE e.service_id = @s AND e.id = u.id AND e.principal = u.p;
            """);
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("ids", updates.Select(u => u.Id).ToArray());
        command.Parameters.AddWithValue("ps", updates.Select(u => u.Principal).ToArray());
        command.Parameters.AddWithValue("ms", updates.Select(u => u.Vector is null ? NoEmbedding : u.Model).ToArray());
        command.Parameters.Add(new NpgsqlParameter("vs", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = updates.Select(u => u.Vector is { } v ? VectorBytes.Encode(v.Span) : null).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EntityVector>> ReadEntityVectorsAsync(string principal, string model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        await EnsureSchemaAsync(cancellationToken);
        await using var command = dataSource.CreateCommand("SELECT id, name, type, created_at, embedding FROM pai_kg_entities WHERE service_id = @s AND principal = @p AND embed_model = @m AND embedding IS NOT NULL;");
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("p", principal);
        command.Parameters.AddWithValue("m", model);
        var found = new List<EntityVector>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new EntityVector(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), VectorBytes.Decode(reader.GetFieldValue<byte[]>(4))));
        }

        return found;
    }

    /// <inheritdoc />
    public async Task<bool> MergeEntitiesAsync(string principal, string keepId, string mergeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        await EnsureSchemaAsync(cancellationToken);
        if (keepId == mergeId)
        {
            return false;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, principal, cancellationToken);
        await using (var count = Command(connection, transaction, "SELECT COUNT(*) FROM pai_kg_entities WHERE service_id = @s AND principal = @p AND id IN (@k, @m);"))
        {
            Bind(count, principal, keepId, mergeId);
            if ((long)(await count.ExecuteScalarAsync(cancellationToken))! != 2)
            {
                return false;
            }
        }

        await using (var merge = Command(connection, transaction, """
            UPDATE pai_kg_entity_keys SET entity_id = @k WHERE service_id = @s AND entity_id = @m AND principal = @p;
            UPDATE pai_kg_facts SET subject_id = @k WHERE service_id = @s AND subject_id = @m AND principal = @p;
            UPDATE pai_kg_facts SET object_id = @k WHERE service_id = @s AND object_id = @m AND principal = @p;
            INSERT INTO pai_kg_entity_sources (service_id, entity_id, episode_id, principal)
                SELECT service_id, @k, episode_id, principal FROM pai_kg_entity_sources WHERE service_id = @s AND entity_id = @m
                ON CONFLICT DO NOTHING;
            DELETE FROM pai_kg_entity_sources WHERE service_id = @s AND entity_id = @m;
            DELETE FROM pai_kg_entities WHERE service_id = @s AND id = @m AND principal = @p;
            """))
        {
            Bind(merge, principal, keepId, mergeId);
            await merge.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private void Bind(NpgsqlCommand command, string principal, string keepId, string mergeId)
    {
        command.Parameters.AddWithValue("p", principal);
        command.Parameters.AddWithValue("k", keepId);
        command.Parameters.AddWithValue("m", mergeId);
    }

    private NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("s", serviceId);
        return command;
    }

    private async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string principal, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT pg_advisory_xact_lock(hashtextextended('pai_kg/' || @s || '/' || @p, 0));");
        command.Parameters.AddWithValue("p", principal);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<List<GraphFact>> ReadCurrentAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<ResolvedFact> facts, CancellationToken cancellationToken)
    {
        var pairs = facts.Select(f => (f.SubjectId, f.Predicate)).Distinct().ToArray();
        var current = new List<GraphFact>();
        if (pairs.Length == 0)
        {
            return current;
        }

        await using var command = Command(connection, transaction, $"""
            SELECT {Prefixed("f")} FROM pai_kg_facts f JOIN unnest(@subjects, @predicates) AS q(s, pr) ON f.subject_id = q.s AND f.predicate = q.pr
            WHERE f.service_id = @s AND f.invalidated_at IS NULL;
            """);
        command.Parameters.AddWithValue("subjects", pairs.Select(p => p.SubjectId).ToArray());
        command.Parameters.AddWithValue("predicates", pairs.Select(p => p.Predicate).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            current.Add(ReadFact(reader));
        }

        return current;
    }

    private async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, EpisodeRecord episode, FactIngestPlan plan, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        if (plan.Invalidations.Count > 0)
        {
            var invalidate = BatchCommand("""
                UPDATE pai_kg_facts f SET invalidated_at = @at, superseded_by = q.by FROM unnest(@ids, @bys) AS q(id, by)
                WHERE f.service_id = @s AND f.id = q.id AND f.invalidated_at IS NULL;
                """);
            invalidate.Parameters.AddWithValue("at", episode.RecordedAt.ToUniversalTime());
            invalidate.Parameters.AddWithValue("ids", plan.Invalidations.Select(i => i.FactId).ToArray());
            invalidate.Parameters.AddWithValue("bys", plan.Invalidations.Select(i => i.SupersededBy).ToArray());
            batch.BatchCommands.Add(invalidate);
        }

        if (plan.NewFacts.Count > 0)
        {
            var f = plan.NewFacts;
            var insert = BatchCommand($"""
                INSERT INTO pai_kg_facts (service_id, principal, {FactColumns})
                SELECT @s, @p, * FROM unnest(@id, @subject, @predicate, @object, @value, @single, @from, @to, @recorded, @invalidated, @by);
                """);
            insert.Parameters.AddWithValue("p", episode.Principal);
            insert.Parameters.AddWithValue("id", f.Select(x => x.Id).ToArray());
            insert.Parameters.AddWithValue("subject", f.Select(x => x.SubjectId).ToArray());
            insert.Parameters.AddWithValue("predicate", f.Select(x => x.Predicate).ToArray());
            insert.Parameters.Add(TextArray("object", f.Select(x => x.ObjectId)));
            insert.Parameters.Add(TextArray("value", f.Select(x => x.Value)));
            insert.Parameters.AddWithValue("single", f.Select(x => x.Single).ToArray());
            insert.Parameters.Add(TimeArray("from", f.Select(x => (DateTimeOffset?)x.ValidFrom)));
            insert.Parameters.Add(TimeArray("to", f.Select(x => x.ValidTo)));
            insert.Parameters.Add(TimeArray("recorded", f.Select(x => (DateTimeOffset?)x.RecordedAt)));
            insert.Parameters.Add(TimeArray("invalidated", f.Select(x => x.InvalidatedAt)));
            insert.Parameters.Add(TextArray("by", f.Select(x => x.SupersededBy)));
            batch.BatchCommands.Add(insert);
        }

        if (plan.FactIds.Count > 0)
        {
            var sources = BatchCommand("""
                INSERT INTO pai_kg_fact_sources (service_id, fact_id, episode_id, principal, ordinal)
                SELECT @s, f, @e, @p, o FROM unnest(@facts, @ordinals) AS q(f, o) ON CONFLICT DO NOTHING;
                """);
            sources.Parameters.AddWithValue("e", episode.Id);
            sources.Parameters.AddWithValue("p", episode.Principal);
            sources.Parameters.AddWithValue("facts", plan.FactIds.ToArray());
            sources.Parameters.AddWithValue("ordinals", Enumerable.Range(0, plan.FactIds.Count).ToArray());
            batch.BatchCommands.Add(sources);
        }

        var insertEpisode = BatchCommand("""
            INSERT INTO pai_kg_episodes (service_id, id, principal, kind, source, content, occurred_at, recorded_at, fact_ids)
            VALUES (@s, @id, @p, @kind, @source, @content, @occurred, @recorded, @facts);
            """);
        insertEpisode.Parameters.AddWithValue("id", episode.Id);
        insertEpisode.Parameters.AddWithValue("p", episode.Principal);
        insertEpisode.Parameters.AddWithValue("kind", episode.Kind);
        insertEpisode.Parameters.AddWithValue("source", episode.Source);
        insertEpisode.Parameters.AddWithValue("content", episode.Content);
        insertEpisode.Parameters.AddWithValue("occurred", episode.OccurredAt.ToUniversalTime());
        insertEpisode.Parameters.AddWithValue("recorded", episode.RecordedAt.ToUniversalTime());
        insertEpisode.Parameters.AddWithValue("facts", plan.FactIds.ToArray());
        batch.BatchCommands.Add(insertEpisode);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The service id rows are scoped by.</summary>
    internal string ServiceId => serviceId;

    internal NpgsqlBatchCommand BatchCommand(string sql)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddWithValue("s", serviceId);
        return command;
    }

    internal static NpgsqlParameter TextArray(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() };

    private static NpgsqlParameter TimeArray(string name, IEnumerable<DateTimeOffset?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = values.Select(v => v?.UtcDateTime).ToArray() };

    private static string Prefixed(string alias) => string.Join(", ", FactColumns.Split(", ").Select(c => alias + "." + c));

    private static GraphFact ReadFact(NpgsqlDataReader reader, int at = 0) => new(
        reader.GetString(at),
        reader.GetString(at + 1),
        reader.GetString(at + 2),
        reader.IsDBNull(at + 3) ? null : reader.GetString(at + 3),
        reader.IsDBNull(at + 4) ? null : reader.GetString(at + 4),
        reader.GetBoolean(at + 5),
        reader.GetFieldValue<DateTimeOffset>(at + 6),
        reader.IsDBNull(at + 7) ? null : reader.GetFieldValue<DateTimeOffset>(at + 7),
        reader.GetFieldValue<DateTimeOffset>(at + 8),
        reader.IsDBNull(at + 9) ? null : reader.GetFieldValue<DateTimeOffset>(at + 9),
        reader.IsDBNull(at + 10) ? null : reader.GetString(at + 10));

    private Task EnsureSchemaAsync(CancellationToken cancellationToken) => schema?.EnsureAsync(cancellationToken) ?? Task.CompletedTask;
}
