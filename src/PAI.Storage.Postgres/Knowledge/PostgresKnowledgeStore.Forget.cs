using Npgsql;
using PAI.Abstractions.Knowledge;

namespace PAI.Storage.Postgres.Knowledge;

/// <summary>Forgetting (episodes, entities, principals) and the notes index of <see cref="PostgresKnowledgeStore"/>.</summary>
public sealed partial class PostgresKnowledgeStore
{
    private static readonly string[] PrincipalTables = ["pai_kg_fact_sources", "pai_kg_entity_sources", "pai_kg_facts", "pai_kg_entity_keys", "pai_kg_entities", "pai_kg_episodes", "pai_kg_notes"];

    /// <inheritdoc />
    public async Task<bool> DeleteEpisodeAsync(string principal, string episodeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return await InLockAsync(principal, (c, t) => DeleteEpisodeAsync(c, t, principal, episodeId, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteEntityAsync(string principal, string entityId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return await InLockAsync(principal, async (c, t) =>
        {
            await using (var exists = Command(c, t, "SELECT 1 FROM pai_kg_entities WHERE service_id = @s AND id = @e AND principal = @p;"))
            {
                exists.Parameters.AddWithValue("e", entityId);
                exists.Parameters.AddWithValue("p", principal);
                if (await exists.ExecuteScalarAsync(cancellationToken) is null)
                {
                    return false;
                }
            }

            var (deleted, ends) = await ReadPairsAsync(c, t, """
                DELETE FROM pai_kg_facts WHERE service_id = @s AND principal = @p AND (subject_id = @e OR object_id = @e) RETURNING id, subject_id, object_id;
                """, cmd => { cmd.Parameters.AddWithValue("p", principal); cmd.Parameters.AddWithValue("e", entityId); }, cancellationToken);
            await using (var rest = Command(c, t, """
                DELETE FROM pai_kg_fact_sources WHERE service_id = @s AND fact_id = ANY(@facts);
                UPDATE pai_kg_facts SET invalidated_at = NULL, superseded_by = NULL WHERE service_id = @s AND superseded_by = ANY(@facts);
                DELETE FROM pai_kg_entity_sources WHERE service_id = @s AND entity_id = @e;
                DELETE FROM pai_kg_entity_keys WHERE service_id = @s AND entity_id = @e;
                DELETE FROM pai_kg_entities WHERE service_id = @s AND id = @e;
                """))
            {
                rest.Parameters.AddWithValue("facts", deleted.ToArray());
                rest.Parameters.AddWithValue("e", entityId);
                await rest.ExecuteNonQueryAsync(cancellationToken);
            }

            await CollectEntitiesAsync(c, t, ends.Where(e => e != entityId), cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<long> DeletePrincipalAsync(string principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return await InLockAsync(principal, async (c, t) =>
        {
            long deleted = 0;
            foreach (var table in PrincipalTables)
            {
                await using var command = Command(c, t, $"DELETE FROM {table} WHERE service_id = @s AND principal = @p;");
                command.Parameters.AddWithValue("p", principal);
                deleted += await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return deleted;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<NoteIndexRecord?> GetNoteAsync(string principal, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(path);
        var notes = await ReadNotesAsync("AND principal = @p AND path = @path", principal, path, cancellationToken);
        return notes.Count > 0 ? notes[0] : null;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<NoteIndexRecord>> ListNotesAsync(string? principal, CancellationToken cancellationToken = default) =>
        ReadNotesAsync(principal is null ? "" : "AND principal = @p", principal, null, cancellationToken);

    /// <inheritdoc />
    public async Task PutNoteAsync(NoteIndexRecord note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(note);
        await InLockAsync(note.Principal, async (c, t) =>
        {
            await using (var previous = Command(c, t, "SELECT episode_id FROM pai_kg_notes WHERE service_id = @s AND principal = @p AND path = @path;"))
            {
                previous.Parameters.AddWithValue("p", note.Principal);
                previous.Parameters.AddWithValue("path", note.Path);
                if (await previous.ExecuteScalarAsync(cancellationToken) is string episode && episode != note.EpisodeId)
                {
                    await DeleteEpisodeAsync(c, t, note.Principal, episode, cancellationToken);
                }
            }

            await using var upsert = Command(c, t, """
                INSERT INTO pai_kg_notes (service_id, principal, path, hash, memory_ids, episode_id, pending_deletes, indexed_at)
                VALUES (@s, @p, @path, @hash, @memories, @episode, @pending, @at)
                ON CONFLICT (service_id, principal, path) DO UPDATE SET hash = excluded.hash, memory_ids = excluded.memory_ids,
                    episode_id = excluded.episode_id, pending_deletes = excluded.pending_deletes, indexed_at = excluded.indexed_at;
                """);
            upsert.Parameters.AddWithValue("p", note.Principal);
            upsert.Parameters.AddWithValue("path", note.Path);
            upsert.Parameters.AddWithValue("hash", note.Hash);
            upsert.Parameters.AddWithValue("memories", note.MemoryIds.ToArray());
            upsert.Parameters.AddWithValue("episode", note.EpisodeId);
            upsert.Parameters.AddWithValue("pending", note.PendingDeletes.ToArray());
            upsert.Parameters.AddWithValue("at", note.IndexedAt.ToUniversalTime());
            return await upsert.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteNoteAsync(string principal, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(path);
        return await InLockAsync(principal, async (c, t) =>
        {
            await using var delete = Command(c, t, "DELETE FROM pai_kg_notes WHERE service_id = @s AND principal = @p AND path = @path RETURNING episode_id;");
            delete.Parameters.AddWithValue("p", principal);
            delete.Parameters.AddWithValue("path", path);
            if (await delete.ExecuteScalarAsync(cancellationToken) is not string episode)
            {
                return false;
            }

            await DeleteEpisodeAsync(c, t, principal, episode, cancellationToken);
            return true;
        }, cancellationToken);
    }

    private async Task<T> InLockAsync<T>(string principal, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, principal, cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private async Task<bool> DeleteEpisodeAsync(NpgsqlConnection c, NpgsqlTransaction t, string principal, string episodeId, CancellationToken cancellationToken)
    {
        await using (var episode = Command(c, t, "DELETE FROM pai_kg_episodes WHERE service_id = @s AND id = @e AND principal = @p;"))
        {
            episode.Parameters.AddWithValue("e", episodeId);
            episode.Parameters.AddWithValue("p", principal);
            if (await episode.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
        }

        var candidates = await ReadStringsAsync(c, t, "DELETE FROM pai_kg_entity_sources WHERE service_id = @s AND episode_id = @e RETURNING entity_id;", episodeId, cancellationToken);
        var facts = await ReadStringsAsync(c, t, "DELETE FROM pai_kg_fact_sources WHERE service_id = @s AND episode_id = @e RETURNING fact_id;", episodeId, cancellationToken);
        var (deleted, ends) = await ReadPairsAsync(c, t, """
            DELETE FROM pai_kg_facts f WHERE f.service_id = @s AND f.id = ANY(@facts)
                AND NOT EXISTS (SELECT 1 FROM pai_kg_fact_sources x WHERE x.service_id = @s AND x.fact_id = f.id)
            RETURNING f.id, f.subject_id, f.object_id;
            """, cmd => cmd.Parameters.AddWithValue("facts", facts.ToArray()), cancellationToken);
        await using (var restore = Command(c, t, "UPDATE pai_kg_facts SET invalidated_at = NULL, superseded_by = NULL WHERE service_id = @s AND superseded_by = ANY(@facts);"))
        {
            restore.Parameters.AddWithValue("facts", deleted.ToArray());
            await restore.ExecuteNonQueryAsync(cancellationToken);
        }

        await CollectEntitiesAsync(c, t, candidates.Concat(ends), cancellationToken);
        return true;
    }

    /// <summary>Deletes the entities among the candidates that no fact and no episode refers to any more, with their keys.</summary>
    private async Task CollectEntitiesAsync(NpgsqlConnection c, NpgsqlTransaction t, IEnumerable<string> candidates, CancellationToken cancellationToken)
    {
        var ids = candidates.Distinct(StringComparer.Ordinal).ToArray();
        if (ids.Length == 0)
        {
            return;
        }

        await using var command = Command(c, t, """
            WITH gone AS (
                DELETE FROM pai_kg_entities e WHERE e.service_id = @s AND e.id = ANY(@ids)
                    AND NOT EXISTS (SELECT 1 FROM pai_kg_facts f WHERE f.service_id = @s AND f.subject_id = e.id)
                    AND NOT EXISTS (SELECT 1 FROM pai_kg_facts f WHERE f.service_id = @s AND f.object_id = e.id)
                    AND NOT EXISTS (SELECT 1 FROM pai_kg_entity_sources m WHERE m.service_id = @s AND m.entity_id = e.id)
                RETURNING e.id)
            DELETE FROM pai_kg_entity_keys k USING gone WHERE k.service_id = @s AND k.entity_id = gone.id;
            """);
        command.Parameters.AddWithValue("ids", ids);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<List<string>> ReadStringsAsync(NpgsqlConnection c, NpgsqlTransaction t, string sql, string episodeId, CancellationToken cancellationToken)
    {
        await using var command = Command(c, t, sql);
        command.Parameters.AddWithValue("e", episodeId);
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private async Task<(List<string> Facts, List<string> Ends)> ReadPairsAsync(NpgsqlConnection c, NpgsqlTransaction t, string sql, Action<NpgsqlCommand> bind, CancellationToken cancellationToken)
    {
        await using var command = Command(c, t, sql);
        bind(command);
        var facts = new List<string>();
        var ends = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            facts.Add(reader.GetString(0));
            ends.Add(reader.GetString(1));
            if (!reader.IsDBNull(2))
            {
                ends.Add(reader.GetString(2));
            }
        }

        return (facts, ends);
    }

    private async Task<IReadOnlyList<NoteIndexRecord>> ReadNotesAsync(string where, string? principal, string? path, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        await using var command = dataSource.CreateCommand($"SELECT principal, path, hash, memory_ids, episode_id, pending_deletes, indexed_at FROM pai_kg_notes WHERE service_id = @s {where} ORDER BY principal, path;");
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("p", (object?)principal ?? DBNull.Value);
        command.Parameters.AddWithValue("path", (object?)path ?? DBNull.Value);
        var notes = new List<NoteIndexRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            notes.Add(new NoteIndexRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3), reader.GetString(4), reader.GetFieldValue<string[]>(5), reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return notes;
    }
}
