using Npgsql;
using NpgsqlTypes;
using PAI.Abstractions.Memory;

namespace PAI.Storage.Postgres.Memory;

/// <summary>
/// Memories in <c>pai_memories</c> (schema 007), scoped by the Orleans service id. A write is one transaction that first
/// locks the principal's <c>pai_memory_heads</c> row, so every silo numbers a principal's changes in commit order and a
/// cache that read the head never misses a change committed before it. Full text is the row's own <c>tsvector</c>
/// (English stemming), ranked with <c>ts_rank</c>; it goes when the row goes.
/// </summary>
public sealed partial class PostgresMemoryStore(NpgsqlDataSource dataSource, string serviceId, TimeProvider time, PostgresSchemaInitializer? schema = null) : IMemoryStore
{
    private const string RowColumns = "id, principal, agent, goal, project, text, metadata::text, occurred_at, recorded_at, model, dim";

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> AddAsync(IReadOnlyList<NewMemory> memories, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(memories);
        await EnsureSchemaAsync(cancellationToken);
        if (memories.Count == 0)
        {
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var added = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in memories.GroupBy(m => m.Record.Scope.Principal, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var rows = group.ToArray();
            var seq = (await LockHeadAsync(connection, transaction, group.Key, cancellationToken)).Sequence;
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var memory in rows)
            {
                var record = memory.Record;
                var command = new NpgsqlBatchCommand("""
                    INSERT INTO pai_memories (service_id, id, principal, agent, goal, project, text, metadata, occurred_at, recorded_at, model, dim, vector, seq, ordinal, document)
                    VALUES (@s, @id, @principal, @agent, @goal, @project, @text, @metadata::jsonb, @occurred, @recorded, @model, @dim, @vector, @seq, @seq, to_tsvector('english', @document))
                    ON CONFLICT (service_id, id) DO NOTHING
                    RETURNING id;
                    """);
                command.Parameters.AddWithValue("s", serviceId);
                command.Parameters.AddWithValue("id", record.Id);
                command.Parameters.AddWithValue("principal", record.Scope.Principal);
                AddText(command, "agent", record.Scope.Agent);
                AddText(command, "goal", record.Scope.Goal);
                AddText(command, "project", record.Scope.Project);
                command.Parameters.AddWithValue("text", record.Text);
                AddText(command, "metadata", record.Metadata);
                command.Parameters.AddWithValue("occurred", record.OccurredAt.ToUniversalTime());
                command.Parameters.AddWithValue("recorded", record.RecordedAt.ToUniversalTime());
                command.Parameters.AddWithValue("model", record.Model);
                command.Parameters.AddWithValue("dim", record.Dimensions);
                command.Parameters.AddWithValue("vector", VectorBytes.Encode(memory.Vector.Span));
                command.Parameters.AddWithValue("seq", ++seq);
                command.Parameters.AddWithValue("document", memory.KeywordDocument);
                batch.BatchCommands.Add(command);
            }

            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
            {
                do
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        added.Add(reader.GetString(0));
                    }
                }
                while (await reader.NextResultAsync(cancellationToken));
            }

            await MoveHeadAsync(connection, transaction, group.Key, seq, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return memories.Select(m => m.Record.Id).Where(added.Contains).ToArray();
    }

    /// <inheritdoc />
    public async Task<int> DeleteAsync(string principal, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(ids);
        await EnsureSchemaAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return 0;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var seq = (await LockHeadAsync(connection, transaction, principal, cancellationToken)).Sequence;
        var deleted = new List<string>();
        await using (var delete = new NpgsqlCommand("DELETE FROM pai_memories WHERE service_id = @s AND principal = @p AND id = ANY(@ids) RETURNING id;", connection, transaction))
        {
            delete.Parameters.AddWithValue("s", serviceId);
            delete.Parameters.AddWithValue("p", principal);
            delete.Parameters.AddWithValue("ids", ids.Distinct(StringComparer.Ordinal).ToArray());
            await using var reader = await delete.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                deleted.Add(reader.GetString(0));
            }
        }

        if (deleted.Count > 0)
        {
            var now = time.GetUtcNow();
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var id in deleted)
            {
                var command = new NpgsqlBatchCommand("INSERT INTO pai_memory_deletions (service_id, principal, seq, id, deleted_at) VALUES (@s, @p, @seq, @id, @at);");
                command.Parameters.AddWithValue("s", serviceId);
                command.Parameters.AddWithValue("p", principal);
                command.Parameters.AddWithValue("seq", ++seq);
                command.Parameters.AddWithValue("id", id);
                command.Parameters.AddWithValue("at", now);
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
            await MoveHeadAsync(connection, transaction, principal, seq, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return deleted.Count;
    }

    /// <inheritdoc />
    public async Task<long> DeletePrincipalAsync(string principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        await EnsureSchemaAsync(cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var head = await LockHeadAsync(connection, transaction, principal, cancellationToken);
        long deleted;
        await using (var rows = new NpgsqlCommand("DELETE FROM pai_memories WHERE service_id = @s AND principal = @p;", connection, transaction))
        {
            rows.Parameters.AddWithValue("s", serviceId);
            rows.Parameters.AddWithValue("p", principal);
            deleted = await rows.ExecuteNonQueryAsync(cancellationToken);
        }

        // A new epoch makes every cache of the principal start over; nothing of the old rows is kept to replay.
        await using (var reset = new NpgsqlCommand("""
            DELETE FROM pai_memory_deletions WHERE service_id = @s AND principal = @p;
            UPDATE pai_memory_heads SET epoch = @epoch, seq = @seq, pruned_seq = @seq WHERE service_id = @s AND principal = @p;
            """, connection, transaction))
        {
            reset.Parameters.AddWithValue("s", serviceId);
            reset.Parameters.AddWithValue("p", principal);
            reset.Parameters.AddWithValue("epoch", head.Epoch + 1);
            reset.Parameters.AddWithValue("seq", head.Sequence + 1);
            await reset.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    /// <inheritdoc />
    public async Task<int> UpdateVectorsAsync(IReadOnlyList<MemoryVectorUpdate> updates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updates);
        await EnsureSchemaAsync(cancellationToken);
        if (updates.Count == 0)
        {
            return 0;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var applied = 0;
        foreach (var group in updates.GroupBy(u => u.Principal, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var seq = (await LockHeadAsync(connection, transaction, group.Key, cancellationToken)).Sequence;
            foreach (var update in group)
            {
                await using var command = new NpgsqlCommand("""
                    UPDATE pai_memories SET vector = @vector, model = @model, dim = @dim, seq = @seq
                    WHERE service_id = @s AND principal = @p AND id = @id AND model = @previous;
                    """, connection, transaction);
                command.Parameters.AddWithValue("vector", VectorBytes.Encode(update.Vector.Span));
                command.Parameters.AddWithValue("model", update.Model);
                command.Parameters.AddWithValue("dim", update.Vector.Length);
                command.Parameters.AddWithValue("seq", seq + 1);
                command.Parameters.AddWithValue("s", serviceId);
                command.Parameters.AddWithValue("p", update.Principal);
                command.Parameters.AddWithValue("id", update.Id);
                command.Parameters.AddWithValue("previous", update.PreviousModel);
                var changed = await command.ExecuteNonQueryAsync(cancellationToken);
                seq += changed;
                applied += changed;
            }

            await MoveHeadAsync(connection, transaction, group.Key, seq, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return applied;
    }

    /// <inheritdoc />
    public async Task<int> PruneDeletedAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync(cancellationToken);
        await using var command = dataSource.CreateCommand("""
            WITH pruned AS (
                DELETE FROM pai_memory_deletions WHERE service_id = @s AND deleted_at < @before RETURNING principal, seq),
            highest AS (SELECT principal, MAX(seq) AS seq FROM pruned GROUP BY principal),
            moved AS (
                UPDATE pai_memory_heads h SET pruned_seq = GREATEST(h.pruned_seq, highest.seq)
                FROM highest WHERE h.service_id = @s AND h.principal = highest.principal)
            SELECT COUNT(*) FROM pruned;
            """);
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("before", before.ToUniversalTime());
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<MemoryHead> LockHeadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string principal, CancellationToken cancellationToken)
    {
        // The row exists before it is locked, so the very first writers of a principal serialize too.
        await using var command = new NpgsqlCommand("""
            INSERT INTO pai_memory_heads (service_id, principal, epoch, seq, pruned_seq) VALUES (@s, @p, 0, 0, 0) ON CONFLICT (service_id, principal) DO NOTHING;
            SELECT epoch, seq, pruned_seq FROM pai_memory_heads WHERE service_id = @s AND principal = @p FOR UPDATE;
            """, connection, transaction);
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("p", principal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new MemoryHead(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2))
            : throw new InvalidOperationException("the memory head row could not be read");
    }

    private async Task MoveHeadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string principal, long seq, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("UPDATE pai_memory_heads SET seq = GREATEST(seq, @seq) WHERE service_id = @s AND principal = @p;", connection, transaction);
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("p", principal);
        command.Parameters.AddWithValue("seq", seq);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddText(NpgsqlBatchCommand command, string name, string? value) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value });

    private Task EnsureSchemaAsync(CancellationToken cancellationToken) => schema?.EnsureAsync(cancellationToken) ?? Task.CompletedTask;
}
