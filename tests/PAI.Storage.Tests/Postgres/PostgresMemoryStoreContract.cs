using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PAI.Abstractions.Memory;
using PAI.Storage.Tests.Contracts;

namespace PAI.Storage.Tests.Postgres;

/// <summary>
/// The memory store contract run against PostgreSQL. The full-text and float vectors live in the memory's own row,
/// so orphans are deletion records or heads that outlived what they describe: deletion ids that still have a row.
/// </summary>
public sealed class PostgresMemoryStoreContract : MemoryStoreContractTests
{
    private readonly PostgresTestStorage _storage = new();

    /// <summary>Why these tests are skipped here, or null.</summary>
    public static string? SkipReason => PostgresTestServer.SkipReason;

    protected override async Task<MemoryStoreUnderTest> OpenAsync()
    {
        var provider = await _storage.BuildServicesAsync();
        return new MemoryStoreUnderTest(provider.GetRequiredService<IMemoryStore>(), provider);
    }

    protected override Task DeleteDataAsync() => _storage.DeleteAsync();

    protected override Task<long> CountMemoryRowsAsync(string principal) =>
        ScalarAsync("SELECT COUNT(*) FROM pai_memories WHERE service_id = @s AND principal = @p;", principal);

    protected override Task<long> CountOrphanedRowsAsync() =>
        ScalarAsync("""
            SELECT (SELECT COUNT(*) FROM pai_memories WHERE document IS NULL OR vector IS NULL)
                 + (SELECT COUNT(*) FROM pai_memory_deletions d JOIN pai_memories m ON m.service_id = d.service_id AND m.id = d.id AND m.principal = d.principal);
            """, null);

    private async Task<long> ScalarAsync(string sql, string? principal)
    {
        await using var connection = new NpgsqlConnection(await _storage.GetConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("s", PostgresTestStorage.ServiceId);
        command.Parameters.AddWithValue("p", (object?)principal ?? DBNull.Value);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
