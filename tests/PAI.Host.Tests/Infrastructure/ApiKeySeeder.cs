using System.Security.Cryptography;
using System.Text;
using PAI.Abstractions.Storage;
using PAI.Storage.Sqlite;

namespace PAI.Host.Tests.Infrastructure;

/// <summary>Puts API keys of other principals into a data folder before the host first starts (as an admin would).</summary>
public static class ApiKeySeeder
{
    /// <summary>Stores each (principal, role, key) the way the host checks keys: SHA-256 hex, id = its first 16 digits.</summary>
    public static async Task SeedAsync(string dataDirectory, params (string Principal, string Role, string Key)[] keys)
    {
        await using var store = new SqliteStore(new SqliteStoreOptions { DataDirectory = dataDirectory });
        var apiKeys = new SqliteApiKeyStore(store);
        foreach (var (principal, role, key) in keys)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
            await apiKeys.AddAsync(new ApiKeyRecord(hash[..16], principal, hash, role, DateTimeOffset.UtcNow));
        }
    }
}
