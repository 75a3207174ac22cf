using System.Text;
using Microsoft.Data.Sqlite;
using PAI.Abstractions.Audit;

namespace PAI.Storage.Sqlite;

/// <summary>
/// The audit log in the <c>audit_log</c> table. Appends run on the store's single writer thread, so "read the last
/// hash, insert the next entry" never interleaves and the chain stays linear; each append shares the group commit.
/// The <c>audit_head</c> row holds the last sequence and hash, so entries cut off the end are noticed too.
/// </summary>
public sealed class SqliteAuditStore(SqliteStore store, TimeProvider time) : IAuditStore
{
    private const string Columns = "seq, at, kind, principal, goal_id, step_id, agent, tool, args_digest, outcome, detail, prev_hash, hash";

    /// <inheritdoc />
    public Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return store.WriteAsync((connection, transaction) =>
        {
            long previousSequence = 0;
            var previousHash = AuditChain.Genesis;
            using (var last = connection.CreateCommand())
            {
                last.Transaction = transaction;
                // Chain from the head row, never from the last log row: a deleted last entry must stay a visible gap.
                last.CommandText = "SELECT seq, hash FROM audit_head WHERE id = 1;";
                using var reader = last.ExecuteReader();
                if (reader.Read())
                {
                    previousSequence = reader.GetInt64(0);
                    previousHash = reader.GetString(1);
                }
            }

            var sequence = previousSequence + 1;

            // Stored with 100 ns precision: the hash is computed over the value as it will be read back.
            var at = SqliteTime.Parse(SqliteTime.Format(time.GetUtcNow()));
            var hash = AuditChain.Hash(sequence, at, record, previousHash);
            using (var insert = connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = $"""
                    INSERT INTO audit_log ({Columns}) VALUES (@seq, @at, @kind, @principal, @goal, @step, @agent, @tool, @digest, @outcome, @detail, @prev, @hash);
                    INSERT INTO audit_head (id, seq, hash) VALUES (1, @seq, @hash) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash;
                    """;
                insert.Parameters.AddWithValue("@seq", sequence);
                insert.Parameters.AddWithValue("@at", SqliteTime.Format(at));
                insert.Parameters.AddWithValue("@kind", record.Kind);
                insert.Parameters.AddWithValue("@principal", record.Principal);
                insert.Parameters.AddWithValue("@goal", (object?)record.GoalId ?? DBNull.Value);
                insert.Parameters.AddWithValue("@step", (object?)record.StepId ?? DBNull.Value);
                insert.Parameters.AddWithValue("@agent", (object?)record.Agent ?? DBNull.Value);
                insert.Parameters.AddWithValue("@tool", (object?)record.Tool ?? DBNull.Value);
                insert.Parameters.AddWithValue("@digest", (object?)record.ArgumentsDigest ?? DBNull.Value);
                insert.Parameters.AddWithValue("@outcome", (object?)record.Outcome ?? DBNull.Value);
                insert.Parameters.AddWithValue("@detail", (object?)record.Detail ?? DBNull.Value);
                insert.Parameters.AddWithValue("@prev", previousHash);
                insert.Parameters.AddWithValue("@hash", hash);
                insert.ExecuteNonQuery();
            }

            return new AuditEntry(sequence, at, record, previousHash, hash);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return store.ReadAsync<IReadOnlyList<AuditEntry>>(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            var sql = new StringBuilder($"SELECT {Columns} FROM audit_log WHERE seq > @after");
            command.Parameters.AddWithValue("@after", query.AfterSequence);
            if (query.Principal is not null)
            {
                sql.Append(" AND principal = @principal");
                command.Parameters.AddWithValue("@principal", query.Principal);
            }

            if (query.GoalId is not null)
            {
                sql.Append(" AND goal_id = @goal");
                command.Parameters.AddWithValue("@goal", query.GoalId);
            }

            if (query.Kind is not null)
            {
                sql.Append(" AND kind = @kind");
                command.Parameters.AddWithValue("@kind", query.Kind);
            }

            if (query.Since is { } since)
            {
                sql.Append(" AND at >= @since");
                command.Parameters.AddWithValue("@since", SqliteTime.Format(since));
            }

            sql.Append(" ORDER BY seq LIMIT @limit;");
            command.Parameters.AddWithValue("@limit", Math.Clamp(query.Limit, 1, 10_000));
            command.CommandText = sql.ToString();
            var entries = new List<AuditEntry>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                entries.Add(Read(reader));
            }

            return entries;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<(long Sequence, string Hash)?> GetHeadAsync(CancellationToken cancellationToken = default) =>
        store.ReadAsync<(long, string)?>(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT seq, hash FROM audit_head WHERE id = 1;";
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetString(1)) : null;
        }, cancellationToken);

    private static AuditEntry Read(SqliteDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        var record = new AuditRecord(reader.GetString(2), reader.GetString(3), Text(4), Text(5), Text(6), Text(7), Text(8), Text(9), Text(10));
        return new AuditEntry(reader.GetInt64(0), SqliteTime.Parse(reader.GetString(1)), record, reader.GetString(11), reader.GetString(12));
    }
}
