using Npgsql;
using PAI.Storage.Tests.Contracts;

namespace PAI.Storage.Tests.Postgres;

/// <summary>The audit store contract run against PostgreSQL; tampering edits rows as someone with database access could.</summary>
public sealed class PostgresAuditStoreContract : AuditStoreContractTests
{
    private readonly PostgresTestStorage _storage = new();

    /// <summary>Why these tests are skipped here, or null.</summary>
    public static string? SkipReason => PostgresTestServer.SkipReason;

    protected override Task<AuditStoreUnderTest> OpenAsync() => _storage.OpenAuditAsync();

    protected override Task DeleteDataAsync() => _storage.DeleteAsync();

    protected override Task<int> UpdateEntryBehindTheStoreAsync(long sequence, string column, string value) =>
        ExecuteAsync($"UPDATE pai_audit_log SET {column} = @value WHERE service_id = @s AND seq = @seq;", sequence, value);

    protected override Task<int> DeleteEntryBehindTheStoreAsync(long sequence) =>
        ExecuteAsync("DELETE FROM pai_audit_log WHERE service_id = @s AND seq = @seq;", sequence, null);

    private async Task<int> ExecuteAsync(string sql, long sequence, string? value)
    {
        await using var connection = new NpgsqlConnection(await _storage.GetConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("s", PostgresTestStorage.ServiceId);
        command.Parameters.AddWithValue("seq", sequence);
        if (value is not null)
        {
            command.Parameters.AddWithValue("value", value);
        }

        return await command.ExecuteNonQueryAsync();
    }
}
