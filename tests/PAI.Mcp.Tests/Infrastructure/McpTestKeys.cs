using System.Security.Cryptography;
using System.Text;
using PAI.Abstractions.Storage;
using PAI.Host.Tests.Infrastructure;
using PAI.Storage.Sqlite;

namespace PAI.Mcp.Tests.Infrastructure;

/// <summary>API keys of several roles, written into a data folder before the host's first start.</summary>
public static class McpTestKeys
{
    /// <summary>Principal <c>alice</c>, role <c>user</c>: her own goals only.</summary>
    public const string User = "pai_alice_user_key_0123456789abcdefghijk";

    /// <summary>Principal <c>reader</c>, role <c>read-only</c>: reads, changes nothing.</summary>
    public const string ReadOnly = "pai_reader_readonly_key_0123456789abcdef";

    /// <summary>Stores <see cref="PaiProcess.ApiKey"/> (admin), <see cref="User"/> and <see cref="ReadOnly"/>.</summary>
    public static async Task WriteAsync(string dataDirectory)
    {
        await using var store = new SqliteStore(new SqliteStoreOptions { DataDirectory = dataDirectory });
        var keys = new SqliteApiKeyStore(store);
        foreach (var (principal, key, role) in new[] { ("admin", PaiProcess.ApiKey, "admin"), ("alice", User, "user"), ("reader", ReadOnly, "read-only") })
        {
            // The host's format: SHA-256 hex of the key; the row id is its first 16 digits.
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
            await keys.AddAsync(new ApiKeyRecord(hash[..16], principal, hash, role, DateTimeOffset.UtcNow));
        }
    }
}
