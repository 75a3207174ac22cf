using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PAI.Abstractions.Memory;
using PAI.Storage.Sqlite;
using PAI.Storage.Tests.Contracts;

namespace PAI.Storage.Tests.Sqlite;

/// <summary>The memory store contract run against SQLite; orphans are full-text rows whose memory row is gone.</summary>
public sealed class SqliteMemoryStoreContract : MemoryStoreContractTests
{
    private readonly SqliteTestStorage _storage = new();

    protected override Task<MemoryStoreUnderTest> OpenAsync()
    {
        var services = _storage.BuildServices();
        return Task.FromResult(new MemoryStoreUnderTest(services.GetRequiredService<IMemoryStore>(), services));
    }

    protected override async Task DeleteDataAsync()
    {
        SqliteConnection.ClearAllPools();
        await _storage.DeleteAsync();
    }

    protected override Task<long> CountMemoryRowsAsync(string principal) =>
        ScalarAsync("SELECT COUNT(*) FROM memories WHERE principal = @p;", principal);

    protected override Task<long> CountOrphanedRowsAsync() =>
        ScalarAsync("SELECT COUNT(*) FROM memories_fts WHERE rowid NOT IN (SELECT row_id FROM memories);", null);

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
