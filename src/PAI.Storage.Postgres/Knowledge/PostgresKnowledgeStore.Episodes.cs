using Npgsql;
using NpgsqlTypes;
using PAI.Abstractions.Knowledge;

namespace PAI.Storage.Postgres.Knowledge;

/// <summary>Reading episodes (by kind and source, and a fact's provenance) of <see cref="PostgresKnowledgeStore"/>.</summary>
public sealed partial class PostgresKnowledgeStore
{
    private const string EpisodeColumns = "e.id, e.principal, e.kind, e.source, e.content, e.occurred_at, e.recorded_at";

    /// <inheritdoc />
    public async Task<IReadOnlyList<EpisodeRecord>> ListEpisodesAsync(string principal, string kind, string? source, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(kind);
        await EnsureSchemaAsync(cancellationToken);
        await using var command = dataSource.CreateCommand($"""
            SELECT {EpisodeColumns} FROM pai_kg_episodes e
            WHERE e.service_id = @s AND e.principal = @p AND e.kind = @k AND (@src::text IS NULL OR e.source = @src::text)
            ORDER BY e.recorded_at, e.id LIMIT @n;
            """);
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("p", principal);
        command.Parameters.AddWithValue("k", kind);
        command.Parameters.Add(new NpgsqlParameter("src", NpgsqlDbType.Text) { Value = (object?)source ?? DBNull.Value });
        command.Parameters.AddWithValue("n", limit);
        return await ReadEpisodesAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EpisodeRecord>> GetFactSourcesAsync(string principal, string factId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(factId);
        await EnsureSchemaAsync(cancellationToken);
        await using var command = dataSource.CreateCommand($"""
            SELECT {EpisodeColumns} FROM pai_kg_fact_sources s
            JOIN pai_kg_episodes e ON e.service_id = s.service_id AND e.id = s.episode_id AND e.principal = s.principal
            WHERE s.service_id = @s AND s.fact_id = @f AND s.principal = @p ORDER BY e.recorded_at, e.id;
            """);
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("p", principal);
        command.Parameters.AddWithValue("f", factId);
        return await ReadEpisodesAsync(command, cancellationToken);
    }

    private static async Task<IReadOnlyList<EpisodeRecord>> ReadEpisodesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var episodes = new List<EpisodeRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            episodes.Add(new EpisodeRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return episodes;
    }
}
