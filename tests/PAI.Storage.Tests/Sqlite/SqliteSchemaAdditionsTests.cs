using Microsoft.Data.Sqlite;
using PAI.Abstractions.Storage;
using PAI.Storage.Sqlite;

namespace PAI.Storage.Tests.Sqlite;

/// <summary>A data file written by an older PAI (api_keys without the columns added for roles) opens and upgrades.</summary>
public sealed class SqliteSchemaAdditionsTests : IAsyncLifetime
{
    private readonly SqliteTestStorage _storage = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _storage.DeleteAsync();

    [Fact]
    public async Task Open_FileWithTheFirstApiKeysTable_AddsTheNewColumnsAndKeepsTheKey()
    {
        Directory.CreateDirectory(_storage.DataDirectory);
        var path = Path.Combine(_storage.DataDirectory, SqliteStore.FileName);
        await using (var old = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await old.OpenAsync();
            await using var command = old.CreateCommand();
            command.CommandText = """
                CREATE TABLE api_keys (key_id TEXT NOT NULL PRIMARY KEY, principal TEXT NOT NULL, secret_hash TEXT NOT NULL, role TEXT NOT NULL, created_at TEXT NOT NULL);
                INSERT INTO api_keys VALUES ('k1', 'admin', 'hash', 'admin', '2025-01-01T00:00:00.0000000Z');
                """;
            await command.ExecuteNonQueryAsync();
        }

        await using (var store = new SqliteStore(new SqliteStoreOptions { DataDirectory = _storage.DataDirectory }))
        {
            var keys = new SqliteApiKeyStore(store);
            var old = await keys.FindAsync("k1");
            Assert.Equal(new ApiKeyRecord("k1", "admin", "hash", "admin", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)), old);
            Assert.True(await keys.RevokeAsync("k1", new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero)));
        }

        // A second open finds the columns there and changes nothing.
        await using (var again = new SqliteStore(new SqliteStoreOptions { DataDirectory = _storage.DataDirectory }))
        {
            Assert.False((await new SqliteApiKeyStore(again).FindAsync("k1"))!.IsActive);
        }
    }
}
