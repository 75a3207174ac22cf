using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PAI.Abstractions.Audit;
using PAI.Storage.Sqlite;
using PAI.Storage.Tests.Contracts;

namespace PAI.Storage.Tests.Sqlite;

/// <summary>The audit store contract run against SQLite; tampering edits the data file as someone with file access could.</summary>
public sealed class SqliteAuditStoreContract : AuditStoreContractTests
{
    private readonly SqliteTestStorage _storage = new();

    protected override Task<AuditStoreUnderTest> OpenAsync()
    {
        var services = _storage.BuildServices();
        return Task.FromResult(new AuditStoreUnderTest(services.GetRequiredService<IAuditStore>(), services));
    }

    protected override async Task DeleteDataAsync()
    {
        SqliteConnection.ClearAllPools();
        await _storage.DeleteAsync();
    }

    protected override Task<int> UpdateEntryBehindTheStoreAsync(long sequence, string column, string value) =>
        ExecuteAsync($"UPDATE audit_log SET {column} = @value WHERE seq = @seq;", sequence, value);

    protected override Task<int> DeleteEntryBehindTheStoreAsync(long sequence) =>
        ExecuteAsync("DELETE FROM audit_log WHERE seq = @seq;", sequence, null);

    private async Task<int> ExecuteAsync(string sql, long sequence, string? value)
    {
        var path = Path.Combine(_storage.DataDirectory, SqliteStore.FileName);
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@seq", sequence);
        if (value is not null)
        {
            command.Parameters.AddWithValue("@value", value);
        }

        return await command.ExecuteNonQueryAsync();
    }
}
