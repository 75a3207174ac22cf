using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Npgsql;
using PAI.Abstractions.Memory;

namespace PAI.Storage.Postgres.Memory;

/// <summary>The reading half of <see cref="PostgresMemoryStore"/>.</summary>
public sealed partial class PostgresMemoryStore
{
    private const int PageSize = 1000;

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredMemory>> GetAsync(string principal, IReadOnlyList<string> ids, bool includeVectors = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(ids);
        await EnsureSchemaAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return [];
        }

        await using var command = dataSource.CreateCommand($"SELECT {RowColumns}{(includeVectors ? ", vector" : "")} FROM pai_memories WHERE service_id = @s AND principal = @p AND id = ANY(@ids);");
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("p", principal);
        command.Parameters.AddWithValue("ids", ids.Distinct(StringComparer.Ordinal).ToArray());
        var found = new List<StoredMemory>(ids.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new StoredMemory(ReadRecord(reader), includeVectors ? VectorBytes.Decode(reader.GetFieldValue<byte[]>(11)) : null));
        }

        return found;
    }

    /// <inheritdoc />
    public async Task<MemoryHead> GetHeadAsync(string principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        await EnsureSchemaAsync(cancellationToken);
        await using var command = dataSource.CreateCommand("SELECT epoch, seq, pruned_seq FROM pai_memory_heads WHERE service_id = @s AND principal = @p;");
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("p", principal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new MemoryHead(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)) : default;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<MemoryVectorRow> ReadVectorsAsync(MemoryScope scope, long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await EnsureSchemaAsync(cancellationToken);
        var sql = new StringBuilder("SELECT id, seq, ordinal, agent, goal, project, metadata::text, occurred_at, model, vector FROM pai_memories WHERE service_id = @s AND principal = @p AND seq > @after");
        AppendScope(sql, scope);
        sql.Append(" ORDER BY seq LIMIT @limit;");
        var after = afterSequence;
        while (true)
        {
            var page = new List<MemoryVectorRow>(PageSize);
            await using (var command = dataSource.CreateCommand(sql.ToString()))
            {
                AddScopeParameters(command, scope);
                command.Parameters.AddWithValue("after", after);
                command.Parameters.AddWithValue("limit", PageSize);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    page.Add(new MemoryVectorRow(
                        reader.GetString(0),
                        reader.GetInt64(1),
                        reader.GetInt64(2),
                        new MemoryScope(scope.Principal, Text(reader, 3), Text(reader, 4), Text(reader, 5)),
                        Text(reader, 6),
                        reader.GetFieldValue<DateTimeOffset>(7),
                        reader.GetString(8),
                        VectorBytes.Decode(reader.GetFieldValue<byte[]>(9))));
                }
            }

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
        await EnsureSchemaAsync(cancellationToken);
        await using var command = dataSource.CreateCommand("SELECT id FROM pai_memory_deletions WHERE service_id = @s AND principal = @p AND seq > @after ORDER BY seq;");
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("p", principal);
        command.Parameters.AddWithValue("after", afterSequence);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<KeywordMatch>> SearchKeywordsAsync(MemoryScope scope, MemoryFilter filter, IReadOnlyList<string> terms, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(terms);
        await EnsureSchemaAsync(cancellationToken);

        // Only letters and digits reach to_tsquery, joined by '|': nothing in a term can change the query's syntax.
        var words = terms.Select(t => new string(t.Where(char.IsLetterOrDigit).ToArray())).Where(t => t.Length > 0).ToArray();
        if (words.Length == 0 || limit <= 0)
        {
            return [];
        }

        await using var command = dataSource.CreateCommand();
        var sql = new StringBuilder("""
            SELECT m.id, ts_rank(m.document, q.query, 1) AS score
            FROM pai_memories m, to_tsquery('english', @terms) AS q(query)
            WHERE m.service_id = @s AND m.principal = @p AND m.document @@ q.query
            """);
        AppendScope(sql, scope, "m.");
        AddScopeParameters(command, scope);
        AppendFilter(sql, command, filter);
        sql.Append(" ORDER BY score DESC, m.id LIMIT @limit;");
        command.CommandText = sql.ToString();
        command.Parameters.AddWithValue("terms", string.Join(" | ", words));
        command.Parameters.AddWithValue("limit", limit);
        var matches = new List<KeywordMatch>(Math.Min(limit, 256));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            matches.Add(new KeywordMatch(reader.GetString(0), reader.GetFloat(1)));
        }

        return matches;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MemoryToEmbed>> ListStaleAsync(string model, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        await EnsureSchemaAsync(cancellationToken);
        await using var command = dataSource.CreateCommand("SELECT principal, id, text, occurred_at, model FROM pai_memories WHERE service_id = @s AND model <> @model LIMIT @limit;");
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("model", model);
        command.Parameters.AddWithValue("limit", limit);
        var stale = new List<MemoryToEmbed>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            stale.Add(new MemoryToEmbed(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4)));
        }

        return stale;
    }

    private static MemoryRecord ReadRecord(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        new MemoryScope(reader.GetString(1), Text(reader, 2), Text(reader, 3), Text(reader, 4)),
        reader.GetString(5),
        Text(reader, 6),
        reader.GetFieldValue<DateTimeOffset>(7),
        reader.GetFieldValue<DateTimeOffset>(8),
        reader.GetString(9),
        reader.GetInt32(10));

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

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

    private void AddScopeParameters(NpgsqlCommand command, MemoryScope scope)
    {
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("p", scope.Principal);
        command.Parameters.AddWithValue("agent", (object?)scope.Agent ?? DBNull.Value);
        command.Parameters.AddWithValue("goal", (object?)scope.Goal ?? DBNull.Value);
        command.Parameters.AddWithValue("project", (object?)scope.Project ?? DBNull.Value);
    }

    /// <summary>The time window, and per metadata condition "contains one of these {key: literal} objects" (jsonb @>,
    /// which compares numbers by value and keeps true, 1 and "1" apart, as <see cref="MetadataValues"/> does).</summary>
    private static void AppendFilter(StringBuilder sql, NpgsqlCommand command, MemoryFilter filter)
    {
        if (filter.OccurredAfter is { } after)
        {
            sql.Append(" AND m.occurred_at >= @occurredAfter");
            command.Parameters.AddWithValue("occurredAfter", after.ToUniversalTime());
        }

        if (filter.OccurredBefore is { } before)
        {
            sql.Append(" AND m.occurred_at < @occurredBefore");
            command.Parameters.AddWithValue("occurredBefore", before.ToUniversalTime());
        }

        for (var c = 0; c < filter.Metadata.Count; c++)
        {
            var condition = filter.Metadata[c];
            if (!MetadataValues.IsValidKey(condition.Key))
            {
                throw new ArgumentException($"'{condition.Key}' cannot be a metadata filter key", nameof(filter));
            }

            var name = $"metadata{c}";
            sql.Append(" AND m.metadata @> ANY(@").Append(name).Append("::jsonb[])");
            command.Parameters.AddWithValue(name, condition.AnyOf
                .Select(literal => "{" + JsonSerializer.Serialize(condition.Key) + ":" + literal + "}")
                .ToArray());
        }
    }
}
