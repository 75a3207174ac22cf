using System.Text;
using Npgsql;
using NpgsqlTypes;
using PAI.Abstractions.Audit;

namespace PAI.Storage.Postgres;

/// <summary>
/// The audit log in <c>pai_audit_log</c>, scoped by the Orleans service id. Every silo of a cluster appends to the same
/// chain, so an append is one transaction that first locks the service's <c>pai_audit_head</c> row
/// (<c>SELECT ... FOR UPDATE</c>), reads the last sequence and hash from it, inserts the next entry and moves the head:
/// two silos never read the same head, so the chain cannot fork. The head, not the last log row, is the chain's
/// authority, so an entry deleted from the end is noticed by the verifier instead of being silently re-used.
/// Appends made at the same time in one process share a transaction (<see cref="AuditAppendBatcher"/>): the head is
/// locked once per batch, not once per tool call, so a busy cluster does not queue every step on that one row.
/// </summary>
public sealed class PostgresAuditStore(NpgsqlDataSource dataSource, string serviceId, TimeProvider time, PostgresSchemaInitializer? schema = null) : IAuditStore
{
    private const string Columns = "seq, at, kind, principal, goal_id, step_id, agent, tool, args_digest, outcome, detail, prev_hash, hash";

    private AuditAppendBatcher? _batcher;

    /// <inheritdoc />
    public async Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await EnsureSchemaAsync(cancellationToken);
        var batcher = Volatile.Read(ref _batcher)
            ?? Interlocked.CompareExchange(ref _batcher, new AuditAppendBatcher(WriteBatchAsync), null)
            ?? _batcher!;
        return await batcher.AppendAsync(record, cancellationToken);
    }

    private async Task<IReadOnlyList<AuditEntry>> WriteBatchAsync(IReadOnlyList<AuditRecord> records)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        // The head row exists before it is locked: a concurrent insert of it waits for the first one to commit, so the
        // very first append is serialized too.
        long previousSequence;
        string previousHash;
        await using (var head = new NpgsqlCommand("""
            INSERT INTO pai_audit_head (service_id, seq, hash) VALUES (@s, 0, @genesis) ON CONFLICT (service_id) DO NOTHING;
            SELECT seq, hash FROM pai_audit_head WHERE service_id = @s FOR UPDATE;
            """, connection, transaction))
        {
            head.Parameters.AddWithValue("s", serviceId);
            head.Parameters.AddWithValue("genesis", AuditChain.Genesis);
            await using var reader = await head.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                throw new InvalidOperationException("the audit head row could not be read");
            }

            previousSequence = reader.GetInt64(0);
            previousHash = reader.GetString(1);
        }

        // timestamptz keeps microseconds: the hash is computed over the value as it will be read back.
        var now = time.GetUtcNow().ToUniversalTime();
        var at = new DateTimeOffset(now.Ticks - (now.Ticks % 10), TimeSpan.Zero);
        var entries = new List<AuditEntry>(records.Count);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var record in records)
        {
            var sequence = previousSequence + 1;
            var hash = AuditChain.Hash(sequence, at, record, previousHash);
            batch.BatchCommands.Add(Insert(sequence, at, record, previousHash, hash));
            entries.Add(new AuditEntry(sequence, at, record, previousHash, hash));
            (previousSequence, previousHash) = (sequence, hash);
        }

        var moveHead = new NpgsqlBatchCommand("UPDATE pai_audit_head SET seq = @seq, hash = @hash WHERE service_id = @s;");
        moveHead.Parameters.AddWithValue("s", serviceId);
        moveHead.Parameters.AddWithValue("seq", previousSequence);
        moveHead.Parameters.AddWithValue("hash", previousHash);
        batch.BatchCommands.Add(moveHead);
        await batch.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return entries;
    }

    private NpgsqlBatchCommand Insert(long sequence, DateTimeOffset at, AuditRecord record, string previousHash, string hash)
    {
        var insert = new NpgsqlBatchCommand($"""
            INSERT INTO pai_audit_log (service_id, {Columns})
            VALUES (@s, @seq, @at, @kind, @principal, @goal, @step, @agent, @tool, @digest, @outcome, @detail, @prev, @hash);
            """);
        insert.Parameters.AddWithValue("s", serviceId);
        insert.Parameters.AddWithValue("seq", sequence);
        insert.Parameters.AddWithValue("at", at);
        insert.Parameters.AddWithValue("kind", record.Kind);
        insert.Parameters.AddWithValue("principal", record.Principal);
        AddText(insert.Parameters, "goal", record.GoalId);
        AddText(insert.Parameters, "step", record.StepId);
        AddText(insert.Parameters, "agent", record.Agent);
        AddText(insert.Parameters, "tool", record.Tool);
        AddText(insert.Parameters, "digest", record.ArgumentsDigest);
        AddText(insert.Parameters, "outcome", record.Outcome);
        AddText(insert.Parameters, "detail", record.Detail);
        insert.Parameters.AddWithValue("prev", previousHash);
        insert.Parameters.AddWithValue("hash", hash);
        return insert;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureSchemaAsync(cancellationToken);
        await using var command = dataSource.CreateCommand();
        var sql = new StringBuilder($"SELECT {Columns} FROM pai_audit_log WHERE service_id = @s AND seq > @after");
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("after", query.AfterSequence);
        if (query.Principal is not null)
        {
            sql.Append(" AND principal = @principal");
            command.Parameters.AddWithValue("principal", query.Principal);
        }

        if (query.GoalId is not null)
        {
            sql.Append(" AND goal_id = @goal");
            command.Parameters.AddWithValue("goal", query.GoalId);
        }

        if (query.Kind is not null)
        {
            sql.Append(" AND kind = @kind");
            command.Parameters.AddWithValue("kind", query.Kind);
        }

        if (query.Since is { } since)
        {
            sql.Append(" AND at >= @since");
            command.Parameters.AddWithValue("since", since.ToUniversalTime());
        }

        sql.Append(" ORDER BY seq LIMIT @limit;");
        command.Parameters.AddWithValue("limit", Math.Clamp(query.Limit, 1, 10_000));
        command.CommandText = sql.ToString();
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(Read(reader));
        }

        return entries;
    }

    /// <inheritdoc />
    public async Task<(long Sequence, string Hash)?> GetHeadAsync(CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync(cancellationToken);
        await using var command = dataSource.CreateCommand("SELECT seq, hash FROM pai_audit_head WHERE service_id = @s;");
        command.Parameters.AddWithValue("s", serviceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var sequence = reader.GetInt64(0);
        var hash = reader.GetString(1);

        // Defensive: the first append creates the head at 0 and moves it in the same transaction, so 0 means empty.
        return sequence == 0 && hash == AuditChain.Genesis ? null : (sequence, hash);
    }

    private static void AddText(NpgsqlParameterCollection parameters, string name, string? value) =>
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value });

    private static AuditEntry Read(NpgsqlDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        var record = new AuditRecord(reader.GetString(2), reader.GetString(3), Text(4), Text(5), Text(6), Text(7), Text(8), Text(9), Text(10));
        return new AuditEntry(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), record, reader.GetString(11), reader.GetString(12));
    }

    private Task EnsureSchemaAsync(CancellationToken cancellationToken) => schema?.EnsureAsync(cancellationToken) ?? Task.CompletedTask;
}
