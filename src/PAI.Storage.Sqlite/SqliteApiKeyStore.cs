using System.Globalization;
using PAI.Abstractions.Storage;

namespace PAI.Storage.Sqlite;

/// <summary>API keys in the <c>api_keys</c> table, written through the store's group-commit writer.</summary>
public sealed class SqliteApiKeyStore(SqliteStore store) : IApiKeyStore
{
    /// <inheritdoc />
    public Task<ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        return store.ReadAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT key_id, principal, secret_hash, role, created_at FROM api_keys WHERE key_id = @k;";
            command.Parameters.AddWithValue("@k", keyId);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }

            return new ApiKeyRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                SqliteTime.Parse(reader.GetString(4)));
        }, cancellationToken);
    }

    /// <summary>Stores a new key; throws <see cref="InvalidOperationException"/> when the key id is taken.</summary>
    public Task AddAsync(ApiKeyRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var createdAt = SqliteTime.Format(record.CreatedAt);
        return store.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO api_keys (key_id, principal, secret_hash, role, created_at) VALUES (@k, @p, @h, @r, @t)
                ON CONFLICT (key_id) DO NOTHING;
                """;
            command.Parameters.AddWithValue("@k", record.KeyId);
            command.Parameters.AddWithValue("@p", record.Principal);
            command.Parameters.AddWithValue("@h", record.SecretHash);
            command.Parameters.AddWithValue("@r", record.Role);
            command.Parameters.AddWithValue("@t", createdAt);
            if (command.ExecuteNonQuery() == 0)
            {
                throw new InvalidOperationException($"An API key with id '{record.KeyId}' already exists.");
            }

            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> CountAsync(CancellationToken cancellationToken = default) =>
        store.ReadAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM api_keys;";
            return Convert.ToInt32(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }, cancellationToken);
}
