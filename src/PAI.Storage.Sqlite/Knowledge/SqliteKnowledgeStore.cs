using System.Text.Json;
using Microsoft.Data.Sqlite;
using PAI.Abstractions.Knowledge;

namespace PAI.Storage.Sqlite.Knowledge;

/// <summary>
/// The knowledge graph and notes index in the SQLite file (<see cref="SqliteKnowledgeSchema"/>). A write runs on the
/// store's single writer thread inside its group commit: the episode, the entities it resolves or creates and every
/// fact (with the current facts it closes) commit together, with statements prepared once per write, which is what
/// lets a batch of thousands of facts go in one transaction. Walks are recursive CTEs on the read connections.
/// </summary>
public sealed partial class SqliteKnowledgeStore(SqliteStore store) : IKnowledgeStore
{
    /// <summary>The <c>embed_model</c> of entities never compared by embedding (system types).</summary>
    internal const string NoEmbedding = "none";

    private const string FactColumns = "id, subject_id, predicate, object_id, value, single, valid_from, valid_to, recorded_at, invalidated_at, superseded_by";

    private readonly Lazy<Task> _schema = new(() => store.WriteAsync((connection, transaction) =>
    {
        using var command = SqliteCommands.Create(connection, transaction, SqliteKnowledgeSchema.Create);
        return command.ExecuteNonQuery();
    }));

    /// <inheritdoc />
    public async Task<GraphWriteResult> WriteAsync(GraphWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        await EnsureSchemaAsync();
        return await store.WriteAsync((connection, transaction) => new Writer(connection, transaction, write).Run(), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EntityToEmbed>> ListUnembeddedAsync(int limit, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        return await store.ReadAsync<IReadOnlyList<EntityToEmbed>>(async (connection, ct) =>
        {
            await using var command = SqliteCommands.Create(connection, null, "SELECT principal, id, name, type FROM kg_entities WHERE embed_model IS NULL ORDER BY created_at LIMIT @n;", "@n");
            command.Set("@n", limit);
            var found = new List<EntityToEmbed>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                found.Add(new EntityToEmbed(reader.GetString(0), reader.GetString(1), reader.GetString(2), SqliteCommands.ReadText(reader, 3)));
            }

            return found;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> ResetEntityVectorsAsync(string model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        await EnsureSchemaAsync();
        return await store.WriteAsync((connection, transaction) =>
        {
            using var command = SqliteCommands.Create(connection, transaction, "UPDATE kg_entities SET embed_model = NULL, embedding = NULL WHERE embed_model IS NOT NULL AND embed_model <> @none AND embed_model <> @m;", "@none", "@m");
            return command.Set("@none", NoEmbedding).Set("@m", model).ExecuteNonQuery();
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task SetEntityVectorsAsync(IReadOnlyList<EntityVectorUpdate> updates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updates);
        await EnsureSchemaAsync();
        if (updates.Count == 0)
        {
            return;
        }

        var rows = updates.Select(u => (u, Bytes: u.Vector is { } v ? PAI.Abstractions.Memory.VectorBytes.Encode(v.Span) : null)).ToArray();
        await store.WriteAsync((connection, transaction) =>
        {
            using var update = SqliteCommands.Create(connection, transaction, "UPDATE kg_entities SET embed_model = @m, embedding = @v WHERE id = @id AND principal = @p;", "@m", "@v", "@id", "@p");
            foreach (var (u, bytes) in rows)
            {
                update.Set("@m", bytes is null ? NoEmbedding : u.Model).Set("@v", bytes).Set("@id", u.Id).Set("@p", u.Principal).ExecuteNonQuery();
            }

            return rows.Length;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EntityVector>> ReadEntityVectorsAsync(string principal, string model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        await EnsureSchemaAsync();
        return await store.ReadAsync<IReadOnlyList<EntityVector>>(async (connection, ct) =>
        {
            await using var command = SqliteCommands.Create(connection, null, "SELECT id, name, type, created_at, embedding FROM kg_entities WHERE principal = @p AND embed_model = @m AND embedding IS NOT NULL;", "@p", "@m");
            command.Set("@p", principal).Set("@m", model);
            var found = new List<EntityVector>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                found.Add(new EntityVector(reader.GetString(0), reader.GetString(1), SqliteCommands.ReadText(reader, 2), SqliteTime.Parse(reader.GetString(3)), PAI.Abstractions.Memory.VectorBytes.Decode((byte[])reader[4])));
            }

            return found;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> MergeEntitiesAsync(string principal, string keepId, string mergeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        await EnsureSchemaAsync();
        if (keepId == mergeId)
        {
            return false;
        }

        return await store.WriteAsync((connection, transaction) =>
        {
            using var count = SqliteCommands.Create(connection, transaction, "SELECT COUNT(*) FROM kg_entities WHERE principal = @p AND id IN (@k, @m);", "@p", "@k", "@m");
            if ((long)count.Set("@p", principal).Set("@k", keepId).Set("@m", mergeId).ExecuteScalar()! != 2)
            {
                return false;
            }

            foreach (var sql in MergeStatements)
            {
                using var command = SqliteCommands.Create(connection, transaction, sql, "@p", "@k", "@m");
                command.Set("@p", principal).Set("@k", keepId).Set("@m", mergeId).ExecuteNonQuery();
            }

            return true;
        }, cancellationToken);
    }

    private static readonly string[] MergeStatements =
    [
        "UPDATE kg_entity_keys SET entity_id = @k WHERE entity_id = @m AND principal = @p;",
        "UPDATE kg_facts SET subject_id = @k WHERE subject_id = @m AND principal = @p;",
        "UPDATE kg_facts SET object_id = @k WHERE object_id = @m AND principal = @p;",
        "INSERT OR IGNORE INTO kg_entity_sources (entity_id, episode_id, principal) SELECT @k, episode_id, principal FROM kg_entity_sources WHERE entity_id = @m;",
        "DELETE FROM kg_entity_sources WHERE entity_id = @m;",
        "DELETE FROM kg_entities WHERE id = @m AND principal = @p;",
    ];

    private Task EnsureSchemaAsync() => _schema.Value;

    private static string NewFactId() => "f_" + Guid.CreateVersion7().ToString("N");

    private static GraphFact ReadFact(SqliteDataReader reader, int at = 0) => new(
        reader.GetString(at),
        reader.GetString(at + 1),
        reader.GetString(at + 2),
        SqliteCommands.ReadText(reader, at + 3),
        SqliteCommands.ReadText(reader, at + 4),
        reader.GetInt64(at + 5) != 0,
        SqliteTime.Parse(reader.GetString(at + 6)),
        SqliteCommands.ReadTime(reader, at + 7),
        SqliteTime.Parse(reader.GetString(at + 8)),
        SqliteCommands.ReadTime(reader, at + 9),
        SqliteCommands.ReadText(reader, at + 10));

    private static string Json(IReadOnlyList<string> values) => JsonSerializer.Serialize(values);

    private static string[] FromJson(string json) => JsonSerializer.Deserialize<string[]>(json) ?? [];
}
