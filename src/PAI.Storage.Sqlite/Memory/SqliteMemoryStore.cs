using Microsoft.Data.Sqlite;
using PAI.Abstractions.Memory;

namespace PAI.Storage.Sqlite.Memory;

/// <summary>
/// Memories in the SQLite file (<see cref="SqliteMemorySchema"/>). Writes run on the store's single writer thread and
/// share its group commit: a memory, its FTS row and its principal's head move in one transaction, so there is never a
/// vector or full-text row without its memory. Reads use the pooled read connections.
/// </summary>
public sealed partial class SqliteMemoryStore(SqliteStore store, TimeProvider time) : IMemoryStore
{
    private const string RowColumns = "id, principal, agent, goal, project, text, metadata, occurred_at, recorded_at, model, dim";
    private readonly Lazy<Task> _schema = new(() => store.WriteAsync((connection, transaction) =>
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SqliteMemorySchema.Create;
        return command.ExecuteNonQuery();
    }));

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> AddAsync(IReadOnlyList<NewMemory> memories, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(memories);
        await EnsureSchemaAsync();
        if (memories.Count == 0)
        {
            return [];
        }

        var rows = memories.Select(m => (m, Vector: VectorBytes.Encode(m.Vector.Span))).ToArray();
        return await store.WriteAsync<IReadOnlyList<string>>((connection, transaction) =>
        {
            var added = new List<string>(rows.Length);
            var heads = new Dictionary<string, long>(StringComparer.Ordinal);
            using var insert = Command(connection, transaction, """
                INSERT INTO memories (id, principal, agent, goal, project, text, metadata, occurred_at, recorded_at, model, dim, vector, seq, ordinal)
                VALUES (@id, @principal, @agent, @goal, @project, @text, @metadata, @occurred, @recorded, @model, @dim, @vector, @seq, @seq)
                ON CONFLICT (id) DO NOTHING
                RETURNING row_id;
                """);
            using var fts = Command(connection, transaction, "INSERT INTO memories_fts (rowid, document) VALUES (@row, @document);");
            foreach (var (memory, vector) in rows)
            {
                var record = memory.Record;
                var principal = record.Scope.Principal;
                if (!heads.TryGetValue(principal, out var seq))
                {
                    seq = ReadHead(connection, transaction, principal).Sequence;
                }

                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("@id", record.Id);
                insert.Parameters.AddWithValue("@principal", principal);
                insert.Parameters.AddWithValue("@agent", (object?)record.Scope.Agent ?? DBNull.Value);
                insert.Parameters.AddWithValue("@goal", (object?)record.Scope.Goal ?? DBNull.Value);
                insert.Parameters.AddWithValue("@project", (object?)record.Scope.Project ?? DBNull.Value);
                insert.Parameters.AddWithValue("@text", record.Text);
                insert.Parameters.AddWithValue("@metadata", (object?)record.Metadata ?? DBNull.Value);
                insert.Parameters.AddWithValue("@occurred", SqliteTime.Format(record.OccurredAt));
                insert.Parameters.AddWithValue("@recorded", SqliteTime.Format(record.RecordedAt));
                insert.Parameters.AddWithValue("@model", record.Model);
                insert.Parameters.AddWithValue("@dim", record.Dimensions);
                insert.Parameters.AddWithValue("@vector", vector);
                insert.Parameters.AddWithValue("@seq", seq + 1);
                if (insert.ExecuteScalar() is not long rowId)
                {
                    heads[principal] = seq;
                    continue;
                }

                fts.Parameters.Clear();
                fts.Parameters.AddWithValue("@row", rowId);
                fts.Parameters.AddWithValue("@document", memory.KeywordDocument);
                fts.ExecuteNonQuery();
                heads[principal] = seq + 1;
                added.Add(record.Id);
            }

            foreach (var (principal, seq) in heads)
            {
                MoveHead(connection, transaction, principal, seq);
            }

            return added;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> DeleteAsync(string principal, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(ids);
        await EnsureSchemaAsync();
        if (ids.Count == 0)
        {
            return 0;
        }

        var now = SqliteTime.Format(time.GetUtcNow());
        return await store.WriteAsync((connection, transaction) =>
        {
            var seq = ReadHead(connection, transaction, principal).Sequence;
            var deleted = 0;
            using var delete = Command(connection, transaction, "DELETE FROM memories WHERE id = @id AND principal = @principal RETURNING row_id;");
            using var fts = Command(connection, transaction, "DELETE FROM memories_fts WHERE rowid = @row;");
            using var tombstone = Command(connection, transaction, "INSERT INTO memory_deletions (principal, seq, id, deleted_at) VALUES (@principal, @seq, @id, @at);");
            foreach (var id in ids.Distinct(StringComparer.Ordinal))
            {
                delete.Parameters.Clear();
                delete.Parameters.AddWithValue("@id", id);
                delete.Parameters.AddWithValue("@principal", principal);
                if (delete.ExecuteScalar() is not long rowId)
                {
                    continue;
                }

                fts.Parameters.Clear();
                fts.Parameters.AddWithValue("@row", rowId);
                fts.ExecuteNonQuery();
                tombstone.Parameters.Clear();
                tombstone.Parameters.AddWithValue("@principal", principal);
                tombstone.Parameters.AddWithValue("@seq", ++seq);
                tombstone.Parameters.AddWithValue("@id", id);
                tombstone.Parameters.AddWithValue("@at", now);
                tombstone.ExecuteNonQuery();
                deleted++;
            }

            if (deleted > 0)
            {
                MoveHead(connection, transaction, principal, seq);
            }

            return deleted;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<long> DeletePrincipalAsync(string principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        await EnsureSchemaAsync();
        return await store.WriteAsync((connection, transaction) =>
        {
            var head = ReadHead(connection, transaction, principal);
            using var fts = Command(connection, transaction, "DELETE FROM memories_fts WHERE rowid IN (SELECT row_id FROM memories WHERE principal = @principal);");
            fts.Parameters.AddWithValue("@principal", principal);
            fts.ExecuteNonQuery();
            using var rows = Command(connection, transaction, "DELETE FROM memories WHERE principal = @principal;");
            rows.Parameters.AddWithValue("@principal", principal);
            long deleted = rows.ExecuteNonQuery();
            using var tombstones = Command(connection, transaction, "DELETE FROM memory_deletions WHERE principal = @principal;");
            tombstones.Parameters.AddWithValue("@principal", principal);
            tombstones.ExecuteNonQuery();

            // A new epoch makes every cache of the principal start over; nothing of the old rows is kept to replay.
            using var reset = Command(connection, transaction, """
                INSERT INTO memory_heads (principal, epoch, seq, pruned_seq) VALUES (@principal, @epoch, @seq, @seq)
                ON CONFLICT (principal) DO UPDATE SET epoch = excluded.epoch, seq = excluded.seq, pruned_seq = excluded.seq;
                """);
            reset.Parameters.AddWithValue("@principal", principal);
            reset.Parameters.AddWithValue("@epoch", head.Epoch + 1);
            reset.Parameters.AddWithValue("@seq", head.Sequence + 1);
            reset.ExecuteNonQuery();
            return deleted;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> UpdateVectorsAsync(IReadOnlyList<MemoryVectorUpdate> updates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updates);
        await EnsureSchemaAsync();
        if (updates.Count == 0)
        {
            return 0;
        }

        var rows = updates.Select(u => (u, Vector: VectorBytes.Encode(u.Vector.Span))).ToArray();
        return await store.WriteAsync((connection, transaction) =>
        {
            var heads = new Dictionary<string, long>(StringComparer.Ordinal);
            var applied = 0;
            using var update = Command(connection, transaction, """
                UPDATE memories SET vector = @vector, model = @model, dim = @dim, seq = @seq
                WHERE id = @id AND principal = @principal AND model = @previous;
                """);
            foreach (var (u, vector) in rows)
            {
                if (!heads.TryGetValue(u.Principal, out var seq))
                {
                    seq = ReadHead(connection, transaction, u.Principal).Sequence;
                }

                update.Parameters.Clear();
                update.Parameters.AddWithValue("@vector", vector);
                update.Parameters.AddWithValue("@model", u.Model);
                update.Parameters.AddWithValue("@dim", u.Vector.Length);
                update.Parameters.AddWithValue("@seq", seq + 1);
                update.Parameters.AddWithValue("@id", u.Id);
                update.Parameters.AddWithValue("@principal", u.Principal);
                update.Parameters.AddWithValue("@previous", u.PreviousModel);
                var changed = update.ExecuteNonQuery();
                heads[u.Principal] = seq + changed;
                applied += changed;
            }

            foreach (var (principal, seq) in heads)
            {
                MoveHead(connection, transaction, principal, seq);
            }

            return applied;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> PruneDeletedAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        var cutoff = SqliteTime.Format(before);
        return await store.WriteAsync((connection, transaction) =>
        {
            // Deletions are numbered in time order per principal, so the pruned ones are a prefix of each principal's.
            using var heads = Command(connection, transaction, """
                UPDATE memory_heads SET pruned_seq = MAX(pruned_seq, (
                    SELECT MAX(d.seq) FROM memory_deletions d WHERE d.principal = memory_heads.principal AND d.deleted_at < @cutoff))
                WHERE principal IN (SELECT principal FROM memory_deletions WHERE deleted_at < @cutoff);
                """);
            heads.Parameters.AddWithValue("@cutoff", cutoff);
            heads.ExecuteNonQuery();
            using var prune = Command(connection, transaction, "DELETE FROM memory_deletions WHERE deleted_at < @cutoff;");
            prune.Parameters.AddWithValue("@cutoff", cutoff);
            return prune.ExecuteNonQuery();
        }, cancellationToken);
    }

    private Task EnsureSchemaAsync() => _schema.Value;

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static MemoryHead ReadHead(SqliteConnection connection, SqliteTransaction? transaction, string principal)
    {
        using var command = Command(connection, transaction, "SELECT epoch, seq, pruned_seq FROM memory_heads WHERE principal = @principal;");
        command.Parameters.AddWithValue("@principal", principal);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new MemoryHead(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)) : default;
    }

    private static void MoveHead(SqliteConnection connection, SqliteTransaction transaction, string principal, long seq)
    {
        using var command = Command(connection, transaction, """
            INSERT INTO memory_heads (principal, epoch, seq, pruned_seq) VALUES (@principal, 0, @seq, 0)
            ON CONFLICT (principal) DO UPDATE SET seq = MAX(seq, excluded.seq);
            """);
        command.Parameters.AddWithValue("@principal", principal);
        command.Parameters.AddWithValue("@seq", seq);
        command.ExecuteNonQuery();
    }
}
