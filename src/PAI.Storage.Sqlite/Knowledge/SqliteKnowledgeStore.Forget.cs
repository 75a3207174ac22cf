using Microsoft.Data.Sqlite;
using PAI.Abstractions.Knowledge;

namespace PAI.Storage.Sqlite.Knowledge;

/// <summary>Forgetting (episodes, entities, principals) and the notes index of <see cref="SqliteKnowledgeStore"/>.</summary>
public sealed partial class SqliteKnowledgeStore
{
    private static readonly string[] EntityStatements = ["DELETE FROM kg_entity_sources WHERE entity_id = @e;", "DELETE FROM kg_entity_keys WHERE entity_id = @e;", "DELETE FROM kg_entities WHERE id = @e;"];

    private static readonly string[] PrincipalTables = ["kg_fact_sources", "kg_entity_sources", "kg_facts", "kg_entity_keys", "kg_entities", "kg_episodes", "kg_notes"];

    /// <inheritdoc />
    public async Task<bool> DeleteEpisodeAsync(string principal, string episodeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        await EnsureSchemaAsync();
        return await store.WriteAsync((connection, transaction) => DeleteEpisode(connection, transaction, principal, episodeId), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteEntityAsync(string principal, string entityId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        await EnsureSchemaAsync();
        return await store.WriteAsync((connection, transaction) =>
        {
            using var exists = SqliteCommands.Create(connection, transaction, "SELECT 1 FROM kg_entities WHERE id = @e AND principal = @p;", "@e", "@p");
            if (exists.Set("@e", entityId).Set("@p", principal).ExecuteScalar() is null)
            {
                return false;
            }

            var facts = new List<(string Id, string Subject, string? Object)>();
            using (var delete = SqliteCommands.Create(connection, transaction, "DELETE FROM kg_facts WHERE principal = @p AND (subject_id = @e OR object_id = @e) RETURNING id, subject_id, object_id;", "@p", "@e"))
            {
                using var reader = delete.Set("@p", principal).Set("@e", entityId).ExecuteReader();
                while (reader.Read())
                {
                    facts.Add((reader.GetString(0), reader.GetString(1), SqliteCommands.ReadText(reader, 2)));
                }
            }

            using (var sources = SqliteCommands.Create(connection, transaction, "DELETE FROM kg_fact_sources WHERE fact_id = @f;", "@f"))
            {
                foreach (var fact in facts)
                {
                    sources.Set("@f", fact.Id).ExecuteNonQuery();
                }
            }

            Restore(connection, transaction, facts.Select(f => f.Id));
            foreach (var sql in EntityStatements)
            {
                using var command = SqliteCommands.Create(connection, transaction, sql, "@e");
                command.Set("@e", entityId).ExecuteNonQuery();
            }

            CollectEntities(connection, transaction, facts.SelectMany(f => new[] { f.Subject, f.Object }).OfType<string>().Where(e => e != entityId));
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<long> DeletePrincipalAsync(string principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        await EnsureSchemaAsync();
        return await store.WriteAsync((connection, transaction) =>
        {
            long deleted = 0;
            foreach (var table in PrincipalTables)
            {
                using var command = SqliteCommands.Create(connection, transaction, $"DELETE FROM {table} WHERE principal = @p;", "@p");
                deleted += command.Set("@p", principal).ExecuteNonQuery();
            }

            return deleted;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<NoteIndexRecord?> GetNoteAsync(string principal, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(path);
        await EnsureSchemaAsync();
        var notes = await ReadNotesAsync("WHERE principal = @p AND path = @path", principal, path, cancellationToken);
        return notes.Count > 0 ? notes[0] : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<NoteIndexRecord>> ListNotesAsync(string? principal, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        return await ReadNotesAsync(principal is null ? "" : "WHERE principal = @p", principal, null, cancellationToken);
    }

    /// <inheritdoc />
    public async Task PutNoteAsync(NoteIndexRecord note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(note);
        await EnsureSchemaAsync();
        await store.WriteAsync((connection, transaction) =>
        {
            using (var previous = SqliteCommands.Create(connection, transaction, "SELECT episode_id FROM kg_notes WHERE principal = @p AND path = @path;", "@p", "@path"))
            {
                if (previous.Set("@p", note.Principal).Set("@path", note.Path).ExecuteScalar() is string episode && episode != note.EpisodeId)
                {
                    DeleteEpisode(connection, transaction, note.Principal, episode);
                }
            }

            using var upsert = SqliteCommands.Create(connection, transaction, """
                INSERT INTO kg_notes (principal, path, hash, memory_ids, episode_id, pending_deletes, indexed_at) VALUES (@p, @path, @hash, @memories, @episode, @pending, @at)
                ON CONFLICT (principal, path) DO UPDATE SET hash = excluded.hash, memory_ids = excluded.memory_ids, episode_id = excluded.episode_id,
                    pending_deletes = excluded.pending_deletes, indexed_at = excluded.indexed_at;
                """, "@p", "@path", "@hash", "@memories", "@episode", "@pending", "@at");
            return upsert.Set("@p", note.Principal).Set("@path", note.Path).Set("@hash", note.Hash).Set("@memories", Json(note.MemoryIds))
                .Set("@episode", note.EpisodeId).Set("@pending", Json(note.PendingDeletes)).Set("@at", SqliteTime.Format(note.IndexedAt)).ExecuteNonQuery();
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteNoteAsync(string principal, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(path);
        await EnsureSchemaAsync();
        return await store.WriteAsync((connection, transaction) =>
        {
            using var delete = SqliteCommands.Create(connection, transaction, "DELETE FROM kg_notes WHERE principal = @p AND path = @path RETURNING episode_id;", "@p", "@path");
            if (delete.Set("@p", principal).Set("@path", path).ExecuteScalar() is not string episode)
            {
                return false;
            }

            DeleteEpisode(connection, transaction, principal, episode);
            return true;
        }, cancellationToken);
    }

    private static bool DeleteEpisode(SqliteConnection connection, SqliteTransaction transaction, string principal, string episodeId)
    {
        using (var episode = SqliteCommands.Create(connection, transaction, "DELETE FROM kg_episodes WHERE id = @e AND principal = @p;", "@e", "@p"))
        {
            if (episode.Set("@e", episodeId).Set("@p", principal).ExecuteNonQuery() == 0)
            {
                return false;
            }
        }

        var candidates = new List<string>();
        using (var mentions = SqliteCommands.Create(connection, transaction, "DELETE FROM kg_entity_sources WHERE episode_id = @e RETURNING entity_id;", "@e"))
        {
            using var reader = mentions.Set("@e", episodeId).ExecuteReader();
            while (reader.Read())
            {
                candidates.Add(reader.GetString(0));
            }
        }

        var facts = new List<string>();
        using (var sources = SqliteCommands.Create(connection, transaction, "DELETE FROM kg_fact_sources WHERE episode_id = @e RETURNING fact_id;", "@e"))
        {
            using var reader = sources.Set("@e", episodeId).ExecuteReader();
            while (reader.Read())
            {
                facts.Add(reader.GetString(0));
            }
        }

        var deleted = new List<string>();
        using (var orphan = SqliteCommands.Create(connection, transaction, """
            DELETE FROM kg_facts WHERE id = @f AND NOT EXISTS (SELECT 1 FROM kg_fact_sources s WHERE s.fact_id = @f) RETURNING subject_id, object_id;
            """, "@f"))
        {
            foreach (var fact in facts)
            {
                using var reader = orphan.Set("@f", fact).ExecuteReader();
                if (reader.Read())
                {
                    deleted.Add(fact);
                    candidates.Add(reader.GetString(0));
                    if (!reader.IsDBNull(1))
                    {
                        candidates.Add(reader.GetString(1));
                    }
                }
            }
        }

        Restore(connection, transaction, deleted);
        CollectEntities(connection, transaction, candidates);
        return true;
    }

    /// <summary>Facts retired by facts that are now deleted are current again (nothing left contradicts them).</summary>
    private static void Restore(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<string> deletedFacts)
    {
        using var restore = SqliteCommands.Create(connection, transaction, "UPDATE kg_facts SET invalidated_at = NULL, superseded_by = NULL WHERE superseded_by = @f;", "@f");
        foreach (var fact in deletedFacts)
        {
            restore.Set("@f", fact).ExecuteNonQuery();
        }
    }

    /// <summary>Deletes the entities among <paramref name="candidates"/> that no fact and no episode refers to any more, with their keys.</summary>
    private static void CollectEntities(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<string> candidates)
    {
        using var delete = SqliteCommands.Create(connection, transaction, """
            DELETE FROM kg_entities WHERE id = @e
                AND NOT EXISTS (SELECT 1 FROM kg_facts WHERE subject_id = @e)
                AND NOT EXISTS (SELECT 1 FROM kg_facts WHERE object_id = @e)
                AND NOT EXISTS (SELECT 1 FROM kg_entity_sources WHERE entity_id = @e);
            """, "@e");
        using var keys = SqliteCommands.Create(connection, transaction, "DELETE FROM kg_entity_keys WHERE entity_id = @e;", "@e");
        foreach (var entity in candidates.Distinct(StringComparer.Ordinal))
        {
            if (delete.Set("@e", entity).ExecuteNonQuery() > 0)
            {
                keys.Set("@e", entity).ExecuteNonQuery();
            }
        }
    }

    private Task<IReadOnlyList<NoteIndexRecord>> ReadNotesAsync(string where, string? principal, string? path, CancellationToken cancellationToken) =>
        store.ReadAsync<IReadOnlyList<NoteIndexRecord>>(async (connection, ct) =>
        {
            await using var command = SqliteCommands.Create(connection, null, $"SELECT principal, path, hash, memory_ids, episode_id, pending_deletes, indexed_at FROM kg_notes {where} ORDER BY principal, path;", "@p", "@path");
            command.Set("@p", principal).Set("@path", path);
            var notes = new List<NoteIndexRecord>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                notes.Add(new NoteIndexRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), FromJson(reader.GetString(3)), reader.GetString(4), FromJson(reader.GetString(5)), SqliteTime.Parse(reader.GetString(6))));
            }

            return notes;
        }, cancellationToken);
}
