using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using PAI.Abstractions.Storage;
using PAI.Storage.Sqlite;

namespace PAI.Host.Tests.Infrastructure;

/// <summary>Writes API keys into a data folder before the host's first start (the host then creates none itself).</summary>
public static class SeededKeys
{
    /// <summary>A second admin key, for a principal other than the test default.</summary>
    public const string OtherKey = "pai_other_key_0123456789abcdefghijklmnop";

    /// <summary>Stores <see cref="PaiProcess.ApiKey"/> (principal <c>admin</c>) and <see cref="OtherKey"/> (principal
    /// <c>other</c>) in the folder's store.</summary>
    public static Task WriteAsync(string dataDirectory) =>
        WriteAsync(dataDirectory, ("admin", "admin", PaiProcess.ApiKey), ("other", "admin", OtherKey));

    /// <summary>Stores each (principal, role, key) in the folder's store.</summary>
    public static async Task WriteAsync(string dataDirectory, params (string Principal, string Role, string Key)[] entries)
    {
        await using var store = new SqliteStore(new SqliteStoreOptions { DataDirectory = dataDirectory });
        var keys = new SqliteApiKeyStore(store);
        foreach (var (principal, role, key) in entries)
        {
            // The host's format: SHA-256 hex of the key; the row id is its first 16 digits.
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
            await keys.AddAsync(new ApiKeyRecord(hash[..16], principal, hash, role, DateTimeOffset.UtcNow));
        }
    }

    /// <summary>A client of <paramref name="host"/> that authenticates with <paramref name="key"/>.</summary>
    public static HttpClient ClientFor(PaiProcess host, string key)
    {
        var client = new HttpClient { BaseAddress = host.Client.BaseAddress, Timeout = host.Client.Timeout };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
