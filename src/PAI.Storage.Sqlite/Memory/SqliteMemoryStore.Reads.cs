using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Sqlite;
using PAI.Abstractions.Memory;

namespace PAI.Storage.Sqlite.Memory;

/// <summary>The reading half of <see cref="SqliteMemoryStore"/>.</summary>
public sealed partial class SqliteMemoryStore
{
    private const int PageSize = 1000;

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredMemory>> GetAsync(string principal, IReadOnlyList<string> ids, bool includeVectors = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(ids);
        await EnsureSchemaAsync();
        if (ids.Count == 0)
        {
            return [];
        }

        return await store.ReadAsync<IReadOnlyList<StoredMemory>>(async (connection, ct) =>
        {
            var found = new List<StoredMemory>(ids.Count);
            foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(500))
            {
                await using var command = connection.CreateCommand();
                var names = new StringBuilder();
                for (var i = 0; i < chunk.Length; i++)
                {
                    names.Append(i == 0 ? "" : ", ").Append("@i").Append(i);
                    command.Parameters.AddWithValue("@i" + i, chunk[i]);
                }

                command.CommandText = $"SELECT {RowColumns}{(includeVectors ? ", vector" : "")} FROM memories WHERE principal = @principal AND id IN ({names});";
                command.Parameters.AddWithValue("@principal", principal);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    found.Add(new StoredMemory(ReadRecord(reader), includeVectors ? VectorBytes.Decode((byte[])reader[11]) : null));
                }
            }

            return found;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<MemoryHead> GetHeadAsync(string principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        await EnsureSchemaAsync();
        return await store.ReadAsync((connection, _) => Task.FromResult(ReadHead(connection, null, principal)), cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<MemoryVectorRow> ReadVectorsAsync(MemoryScope scope, long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await EnsureSchemaAsync();
        var sql = new StringBuilder("SELECT id, seq, ordinal, agent, goal, project, metadata, occurred_at, model, vector FROM memories WHERE principal = @principal AND seq > @after");
        AppendScope(sql, scope);
        sql.Append(" ORDER BY seq LIMIT @limit;");
        var commandText = sql.ToString();

        // Pages by sequence (unique per principal), so a large scope streams without holding every vector at once.
        var after = afterSequence;
        while (true)
        {
            var page = await store.ReadAsync<List<MemoryVectorRow>>(async (connection, ct) =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText = commandText;
                AddScopeParameters(command, scope);
                command.Parameters.AddWithValue("@after", after);
                command.Parameters.AddWithValue("@limit", PageSize);
                var rows = new List<MemoryVectorRow>(PageSize);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    rows.Add(new MemoryVectorRow(
                        reader.GetString(0),
                        reader.GetInt64(1),
                        reader.GetInt64(2),
                        new MemoryScope(scope.Principal, Text(reader, 3), Text(reader, 4), Text(reader, 5)),
                        Text(reader, 6),
                        SqliteTime.Parse(reader.GetString(7)),
                        reader.GetString(8),
                        VectorBytes.Decode((byte[])reader[9])));
                }

                return rows;
            }, cancellationToken);

            foreach (var row in page)
            {
                yield return row;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            after = page[^1].Sequence;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ReadDeletedAsync(string principal, long afterSequence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        await EnsureSchemaAsync();
        return await store.ReadAsync<IReadOnlyList<string>>(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id FROM memory_deletions WHERE principal = @principal AND seq > @after ORDER BY seq;";
            command.Parameters.AddWithValue("@principal", principal);
            command.Parameters.AddWithValue("@after", afterSequence);
            var ids = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetString(0));
            }

            return ids;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<KeywordMatch>> SearchKeywordsAsync(MemoryScope scope, MemoryFilter filter, IReadOnlyList<string> terms, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(terms);
        await EnsureSchemaAsync();
        var match = string.Join(" OR ", terms.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
        if (match.Length == 0 || limit <= 0)
        {
            return [];
        }

        return await store.ReadAsync<IReadOnlyList<KeywordMatch>>(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            var sql = new StringBuilder("""
                SELECT m.id, -bm25(memories_fts) FROM memories_fts JOIN memories m ON m.row_id = memories_fts.rowid
                WHERE memories_fts MATCH @match AND m.principal = @principal
                """);
            AppendScope(sql, scope, "m.");
            AddScopeParameters(command, scope);
            SqliteMemoryFilter.Append(sql, command, filter, "m.");
            sql.Append(" ORDER BY bm25(memories_fts) LIMIT @limit;");
            command.CommandText = sql.ToString();
            command.Parameters.AddWithValue("@match", match);
            command.Parameters.AddWithValue("@limit", limit);
            var matches = new List<KeywordMatch>(Math.Min(limit, 256));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                matches.Add(new KeywordMatch(reader.GetString(0), reader.GetDouble(1)));
            }

            return matches;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MemoryToEmbed>> ListStaleAsync(string model, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        await EnsureSchemaAsync();
        return await store.ReadAsync<IReadOnlyList<MemoryToEmbed>>(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();

            // Two ranges instead of "<>", so the model index answers it without reading every row.
            command.CommandText = "SELECT principal, id, text, occurred_at, model FROM memories WHERE model < @model OR model > @model LIMIT @limit;";
            command.Parameters.AddWithValue("@model", model);
            command.Parameters.AddWithValue("@limit", limit);
            var stale = new List<MemoryToEmbed>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                stale.Add(new MemoryToEmbed(reader.GetString(0), reader.GetString(1), reader.GetString(2), SqliteTime.Parse(reader.GetString(3)), reader.GetString(4)));
            }

            return stale;
        }, cancellationToken);
    }

    private static MemoryRecord ReadRecord(SqliteDataReader reader) => new(
        reader.GetString(0),
        new MemoryScope(reader.GetString(1), Text(reader, 2), Text(reader, 3), Text(reader, 4)),
        reader.GetString(5),
        Text(reader, 6),
        SqliteTime.Parse(reader.GetString(7)),
        SqliteTime.Parse(reader.GetString(8)),
        reader.GetString(9),
        reader.GetInt32(10));

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static void AppendScope(StringBuilder sql, MemoryScope scope, string alias = "")
    {
        if (scope.Agent is not null)
        {
            sql.Append(" AND ").Append(alias).Append("agent = @agent");
        }

        if (scope.Goal is not null)
        {
            sql.Append(" AND ").Append(alias).Append("goal = @goal");
        }

        if (scope.Project is not null)
        {
            sql.Append(" AND ").Append(alias).Append("project = @project");
        }
    }

    private static void AddScopeParameters(SqliteCommand command, MemoryScope scope)
    {
        command.Parameters.AddWithValue("@principal", scope.Principal);
        command.Parameters.AddWithValue("@agent", (object?)scope.Agent ?? DBNull.Value);
        command.Parameters.AddWithValue("@goal", (object?)scope.Goal ?? DBNull.Value);
        command.Parameters.AddWithValue("@project", (object?)scope.Project ?? DBNull.Value);
    }
}
