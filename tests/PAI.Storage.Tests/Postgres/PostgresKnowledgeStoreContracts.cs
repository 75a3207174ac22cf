using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PAI.Abstractions.Knowledge;
using PAI.Storage.Tests.Contracts;

namespace PAI.Storage.Tests.Postgres;

/// <summary>The knowledge store contract run against PostgreSQL.</summary>
public sealed class PostgresKnowledgeStoreContract : KnowledgeStoreContractTests
{
    private readonly PostgresKnowledgeTestStorage _storage = new();

    /// <summary>Why these tests are skipped here, or null.</summary>
    public static string? SkipReason => PostgresTestServer.SkipReason;

    protected override Task<KnowledgeStoreUnderTest> OpenAsync() => _storage.OpenAsync();

    protected override Task DeleteDataAsync() => _storage.DeleteAsync();

    protected override Task<long> CountOrphansAsync() => _storage.CountOrphansAsync();

    protected override Task<long> CountPrincipalRowsAsync(string principal) => _storage.CountPrincipalRowsAsync(principal);
}

/// <summary>The knowledge forgetting contract run against PostgreSQL.</summary>
public sealed class PostgresKnowledgeForgettingContract : KnowledgeForgettingContractTests
{
    private readonly PostgresKnowledgeTestStorage _storage = new();

    /// <summary>Why these tests are skipped here, or null.</summary>
    public static string? SkipReason => PostgresTestServer.SkipReason;

    protected override Task<KnowledgeStoreUnderTest> OpenAsync() => _storage.OpenAsync();

    protected override Task DeleteDataAsync() => _storage.DeleteAsync();

    protected override Task<long> CountOrphansAsync() => _storage.CountOrphansAsync();

    protected override Task<long> CountPrincipalRowsAsync(string principal) => _storage.CountPrincipalRowsAsync(principal);
}

/// <summary>A PostgreSQL test database for knowledge store tests, and queries that look behind the store.</summary>
internal sealed class PostgresKnowledgeTestStorage
{
    private static readonly string[] Tables = ["pai_kg_episodes", "pai_kg_entities", "pai_kg_entity_keys", "pai_kg_facts", "pai_kg_fact_sources", "pai_kg_entity_sources", "pai_kg_notes"];

    private readonly PostgresTestStorage _storage = new();

    public async Task<KnowledgeStoreUnderTest> OpenAsync()
    {
        var provider = await _storage.BuildServicesAsync();
        return new KnowledgeStoreUnderTest(provider.GetRequiredService<IKnowledgeStore>(), provider);
    }

    public Task DeleteAsync() => _storage.DeleteAsync();

    public Task<long> CountOrphansAsync() => ScalarAsync("""
        SELECT
          (SELECT COUNT(*) FROM pai_kg_fact_sources s WHERE NOT EXISTS (SELECT 1 FROM pai_kg_facts f WHERE f.id = s.fact_id) OR NOT EXISTS (SELECT 1 FROM pai_kg_episodes e WHERE e.id = s.episode_id))
        + (SELECT COUNT(*) FROM pai_kg_entity_sources s WHERE NOT EXISTS (SELECT 1 FROM pai_kg_entities x WHERE x.id = s.entity_id) OR NOT EXISTS (SELECT 1 FROM pai_kg_episodes e WHERE e.id = s.episode_id))
        + (SELECT COUNT(*) FROM pai_kg_facts f WHERE NOT EXISTS (SELECT 1 FROM pai_kg_fact_sources s WHERE s.fact_id = f.id))
        + (SELECT COUNT(*) FROM pai_kg_facts f WHERE NOT EXISTS (SELECT 1 FROM pai_kg_entities x WHERE x.id = f.subject_id) OR (f.object_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pai_kg_entities x WHERE x.id = f.object_id)))
        + (SELECT COUNT(*) FROM pai_kg_facts f WHERE f.superseded_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pai_kg_facts g WHERE g.id = f.superseded_by))
        + (SELECT COUNT(*) FROM pai_kg_entity_keys k WHERE NOT EXISTS (SELECT 1 FROM pai_kg_entities x WHERE x.id = k.entity_id))
        + (SELECT COUNT(*) FROM pai_kg_entities x WHERE NOT EXISTS (SELECT 1 FROM pai_kg_facts f WHERE f.subject_id = x.id OR f.object_id = x.id) AND NOT EXISTS (SELECT 1 FROM pai_kg_entity_sources s WHERE s.entity_id = x.id))
        + (SELECT COUNT(*) FROM pai_kg_notes n WHERE NOT EXISTS (SELECT 1 FROM pai_kg_episodes e WHERE e.id = n.episode_id));
        """, null);

    public Task<long> CountPrincipalRowsAsync(string principal) => ScalarAsync("SELECT " + string.Join(" + ", Tables
        .Select(t => $"(SELECT COUNT(*) FROM {t} WHERE principal = @p)")) + ";", principal);

    private async Task<long> ScalarAsync(string sql, string? principal)
    {
        await using var connection = new NpgsqlConnection(await _storage.GetConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("p", (object?)principal ?? DBNull.Value);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
