using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PAI.Abstractions.Knowledge;
using PAI.Storage.Sqlite;
using PAI.Storage.Tests.Contracts;

namespace PAI.Storage.Tests.Sqlite;

/// <summary>The knowledge store contract run against SQLite.</summary>
public sealed class SqliteKnowledgeStoreContract : KnowledgeStoreContractTests
{
    private readonly SqliteKnowledgeTestStorage _storage = new();

    protected override Task<KnowledgeStoreUnderTest> OpenAsync() => _storage.OpenAsync();

    protected override Task DeleteDataAsync() => _storage.DeleteAsync();

    protected override Task<long> CountOrphansAsync() => _storage.CountOrphansAsync();

    protected override Task<long> CountPrincipalRowsAsync(string principal) => _storage.CountPrincipalRowsAsync(principal);
}

/// <summary>The knowledge forgetting contract run against SQLite.</summary>
public sealed class SqliteKnowledgeForgettingContract : KnowledgeForgettingContractTests
{
    private readonly SqliteKnowledgeTestStorage _storage = new();

    protected override Task<KnowledgeStoreUnderTest> OpenAsync() => _storage.OpenAsync();

    protected override Task DeleteDataAsync() => _storage.DeleteAsync();

    protected override Task<long> CountOrphansAsync() => _storage.CountOrphansAsync();

    protected override Task<long> CountPrincipalRowsAsync(string principal) => _storage.CountPrincipalRowsAsync(principal);
}

/// <summary>A SQLite data folder for knowledge store tests, and queries that look behind the store.</summary>
internal sealed class SqliteKnowledgeTestStorage
{
    private static readonly string[] Tables = ["kg_episodes", "kg_entities", "kg_entity_keys", "kg_facts", "kg_fact_sources", "kg_entity_sources", "kg_notes"];

    /// <summary>Orphans of every kind (see <see cref="KnowledgeContractBase"/>), in the SQLite tables.</summary>
    public const string OrphansSql = """
        SELECT
          (SELECT COUNT(*) FROM kg_fact_sources s WHERE NOT EXISTS (SELECT 1 FROM kg_facts f WHERE f.id = s.fact_id) OR NOT EXISTS (SELECT 1 FROM kg_episodes e WHERE e.id = s.episode_id))
        + (SELECT COUNT(*) FROM kg_entity_sources s WHERE NOT EXISTS (SELECT 1 FROM kg_entities x WHERE x.id = s.entity_id) OR NOT EXISTS (SELECT 1 FROM kg_episodes e WHERE e.id = s.episode_id))
        + (SELECT COUNT(*) FROM kg_facts f WHERE NOT EXISTS (SELECT 1 FROM kg_fact_sources s WHERE s.fact_id = f.id))
        + (SELECT COUNT(*) FROM kg_facts f WHERE NOT EXISTS (SELECT 1 FROM kg_entities x WHERE x.id = f.subject_id) OR (f.object_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM kg_entities x WHERE x.id = f.object_id)))
        + (SELECT COUNT(*) FROM kg_facts f WHERE f.superseded_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM kg_facts g WHERE g.id = f.superseded_by))
        + (SELECT COUNT(*) FROM kg_entity_keys k WHERE NOT EXISTS (SELECT 1 FROM kg_entities x WHERE x.id = k.entity_id))
        + (SELECT COUNT(*) FROM kg_entities x WHERE NOT EXISTS (SELECT 1 FROM kg_facts f WHERE f.subject_id = x.id OR f.object_id = x.id) AND NOT EXISTS (SELECT 1 FROM kg_entity_sources s WHERE s.entity_id = x.id))
        + (SELECT COUNT(*) FROM kg_notes n WHERE NOT EXISTS (SELECT 1 FROM kg_episodes e WHERE e.id = n.episode_id));
        """;

    private readonly SqliteTestStorage _storage = new();

    public Task<KnowledgeStoreUnderTest> OpenAsync()
    {
        var services = _storage.BuildServices();
        return Task.FromResult(new KnowledgeStoreUnderTest(services.GetRequiredService<IKnowledgeStore>(), services));
    }

    public async Task DeleteAsync()
    {
        SqliteConnection.ClearAllPools();
        await _storage.DeleteAsync();
    }

    public Task<long> CountOrphansAsync() => ScalarAsync(OrphansSql, null);

    public Task<long> CountPrincipalRowsAsync(string principal) => ScalarAsync("SELECT " + string.Join(" + ", Tables
        .Select(t => $"(SELECT COUNT(*) FROM {t} WHERE principal = @p)")) + ";", principal);

    private async Task<long> ScalarAsync(string sql, string? principal)
    {
        var path = Path.Combine(_storage.DataDirectory, SqliteStore.FileName);
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@p", (object?)principal ?? DBNull.Value);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
