using Microsoft.Data.Sqlite;
using PAI.Abstractions.Knowledge;

namespace PAI.Storage.Sqlite.Knowledge;

/// <summary>Reading episodes (by kind and source, and a fact's provenance) of <see cref="SqliteKnowledgeStore"/>.</summary>
public sealed partial class SqliteKnowledgeStore
{
    private const string EpisodeColumns = "e.id, e.principal, e.kind, e.source, e.content, e.occurred_at, e.recorded_at";

    /// <inheritdoc />
    public async Task<IReadOnlyList<EpisodeRecord>> ListEpisodesAsync(string principal, string kind, string? source, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(kind);
        await EnsureSchemaAsync();
        return await ReadEpisodesAsync(
            $"SELECT {EpisodeColumns} FROM kg_episodes e WHERE e.principal = @p AND e.kind = @k AND (@src IS NULL OR e.source = @src) ORDER BY e.recorded_at, e.id LIMIT @n;",
            c => c.Set("@p", principal).Set("@k", kind).Set("@src", source).Set("@n", limit),
            ["@p", "@k", "@src", "@n"],
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EpisodeRecord>> GetFactSourcesAsync(string principal, string factId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(factId);
        await EnsureSchemaAsync();
        return await ReadEpisodesAsync(
            $"SELECT {EpisodeColumns} FROM kg_fact_sources s JOIN kg_episodes e ON e.id = s.episode_id AND e.principal = s.principal WHERE s.fact_id = @f AND s.principal = @p ORDER BY e.recorded_at, e.id;",
            c => c.Set("@p", principal).Set("@f", factId),
            ["@p", "@f"],
            cancellationToken);
    }

    private Task<IReadOnlyList<EpisodeRecord>> ReadEpisodesAsync(string sql, Action<SqliteCommand> bind, string[] parameters, CancellationToken cancellationToken) =>
        store.ReadAsync<IReadOnlyList<EpisodeRecord>>(async (connection, ct) =>
        {
            await using var command = SqliteCommands.Create(connection, null, sql, parameters);
            bind(command);
            var episodes = new List<EpisodeRecord>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                episodes.Add(new EpisodeRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), SqliteTime.Parse(reader.GetString(5)), SqliteTime.Parse(reader.GetString(6))));
            }

            return episodes;
        }, cancellationToken);
}
