using Npgsql;
using PAI.Abstractions.Knowledge;

namespace PAI.Storage.Postgres.Knowledge;

/// <summary>
/// Resolves a write's mentions in memory after reading every key they use in one query: a mention is the entity of
/// its first known key, else a new entity; keys not known yet become the entity's aliases. <see cref="SaveAsync"/>
/// inserts the new entities, keys and mention sources in one batch.
/// </summary>
internal sealed class PostgresEntityResolver(PostgresKnowledgeStore store, GraphWrite write, string principal)
{
    private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);
    private readonly List<(string Key, string Entity)> _newKeys = [];
    private readonly List<(string Id, string Name, string? Type)> _newEntities = [];

    public async Task LoadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var keys = write.Mentions.Concat(write.Facts.SelectMany(f => f.Object is null ? [f.Subject] : new[] { f.Subject, f.Object }))
            .SelectMany(m => m.Keys).Distinct(StringComparer.Ordinal).ToArray();
        await using var command = new NpgsqlCommand("SELECT key, entity_id FROM pai_kg_entity_keys WHERE service_id = @s AND principal = @p AND key = ANY(@keys);", connection, transaction);
        command.Parameters.AddWithValue("s", store.ServiceId);
        command.Parameters.AddWithValue("p", principal);
        command.Parameters.AddWithValue("keys", keys);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            _keys[reader.GetString(0)] = reader.GetString(1);
        }
    }

    public string Resolve(EntityMention mention)
    {
        string? found = null;
        foreach (var key in mention.Keys)
        {
            if (_keys.TryGetValue(key, out found))
            {
                break;
            }
        }

        if (found is null)
        {
            found = "e_" + Guid.CreateVersion7().ToString("N");
            _newEntities.Add((found, mention.Name, mention.Type));
        }

        foreach (var key in mention.Keys)
        {
            if (_keys.TryAdd(key, found))
            {
                _newKeys.Add((key, found));
            }
        }

        return found;
    }

    public async Task SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<string> mentioned, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var now = write.Episode.RecordedAt.ToUniversalTime();
        if (_newEntities.Count > 0)
        {
            var entities = store.BatchCommand("""
                INSERT INTO pai_kg_entities (service_id, id, principal, name, type, created_at, embed_model)
                SELECT @s, id, @p, name, type, @at, model FROM unnest(@ids, @names, @types, @models) AS q(id, name, type, model);
                """);
            entities.Parameters.AddWithValue("p", principal);
            entities.Parameters.AddWithValue("at", now);
            entities.Parameters.AddWithValue("ids", _newEntities.Select(e => e.Id).ToArray());
            entities.Parameters.AddWithValue("names", _newEntities.Select(e => e.Name).ToArray());
            entities.Parameters.Add(PostgresKnowledgeStore.TextArray("types", _newEntities.Select(e => e.Type)));
            entities.Parameters.Add(PostgresKnowledgeStore.TextArray("models", _newEntities.Select(e => EntityKeys.IsSystemType(e.Type) ? PostgresKnowledgeStore.NoEmbedding : null)));
            batch.BatchCommands.Add(entities);
        }

        if (_newKeys.Count > 0)
        {
            var keys = store.BatchCommand("""
                INSERT INTO pai_kg_entity_keys (service_id, principal, key, entity_id)
                SELECT @s, @p, k, e FROM unnest(@keys, @entities) AS q(k, e) ON CONFLICT DO NOTHING;
                """);
            keys.Parameters.AddWithValue("p", principal);
            keys.Parameters.AddWithValue("keys", _newKeys.Select(k => k.Key).ToArray());
            keys.Parameters.AddWithValue("entities", _newKeys.Select(k => k.Entity).ToArray());
            batch.BatchCommands.Add(keys);
        }

        if (mentioned.Count > 0)
        {
            var sources = store.BatchCommand("""
                INSERT INTO pai_kg_entity_sources (service_id, entity_id, episode_id, principal)
                SELECT DISTINCT @s, e, @ep, @p FROM unnest(@entities) AS q(e) ON CONFLICT DO NOTHING;
                """);
            sources.Parameters.AddWithValue("ep", write.Episode.Id);
            sources.Parameters.AddWithValue("p", principal);
            sources.Parameters.AddWithValue("entities", mentioned.ToArray());
            batch.BatchCommands.Add(sources);
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
