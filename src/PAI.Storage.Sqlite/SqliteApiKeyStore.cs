using System.Globalization;
using Microsoft.Data.Sqlite;
using PAI.Abstractions.Storage;

namespace PAI.Storage.Sqlite;

/// <summary>API keys in the <c>api_keys</c> table, written through the store's group-commit writer.</summary>
public sealed class SqliteApiKeyStore(SqliteStore store) : IApiKeyStore
{
    private const string Columns = "key_id, principal, secret_hash, role, created_at, scopes, prefix, revoked_at, last_used_at";

    /// <inheritdoc />
    public Task<ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        return store.ReadAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM api_keys WHERE key_id = @k;";
            command.Parameters.AddWithValue("@k", keyId);
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? Read(reader) : null;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task AddAsync(ApiKeyRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return store.WriteAsync((connection, transaction) =>
        {
            Insert(connection, transaction, record);
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

    /// <inheritdoc />
    public Task<IReadOnlyList<ApiKeyRecord>> ListAsync(ApiKeyPosition? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return store.ReadAsync<IReadOnlyList<ApiKeyRecord>>(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM api_keys" +
                (after is null ? "" : " WHERE created_at > @c OR (created_at = @c AND key_id > @k)") +
                " ORDER BY created_at, key_id LIMIT @limit;";
            if (after is not null)
            {
                command.Parameters.AddWithValue("@c", SqliteTime.Format(after.CreatedAt));
                command.Parameters.AddWithValue("@k", after.KeyId);
            }

            command.Parameters.AddWithValue("@limit", limit);
            var keys = new List<ApiKeyRecord>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                keys.Add(Read(reader));
            }

            return keys;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> RevokeAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        var revokedAt = SqliteTime.Format(at);
        return store.WriteAsync((connection, transaction) => Revoke(connection, transaction, keyId, revokedAt), cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> ReplaceAsync(string keyId, ApiKeyRecord replacement, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentNullException.ThrowIfNull(replacement);
        var revokedAt = SqliteTime.Format(at);

        // Both statements run in the writer's batch transaction under this operation's savepoint: when the insert
        // throws, the revocation is rolled back with it.
        return store.WriteAsync((connection, transaction) =>
        {
            if (!Revoke(connection, transaction, keyId, revokedAt))
            {
                return false;
            }

            Insert(connection, transaction, replacement);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task TouchAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        var lastUsed = SqliteTime.Format(at);
        return store.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE api_keys SET last_used_at = @t WHERE key_id = @k AND (last_used_at IS NULL OR last_used_at < @t);";
            command.Parameters.AddWithValue("@k", keyId);
            command.Parameters.AddWithValue("@t", lastUsed);
            return command.ExecuteNonQuery();
        }, cancellationToken);
    }

    private static bool Revoke(SqliteConnection connection, SqliteTransaction transaction, string keyId, string revokedAt)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE api_keys SET revoked_at = @t WHERE key_id = @k AND revoked_at IS NULL;";
        command.Parameters.AddWithValue("@k", keyId);
        command.Parameters.AddWithValue("@t", revokedAt);
        return command.ExecuteNonQuery() == 1;
    }

    private static void Insert(SqliteConnection connection, SqliteTransaction transaction, ApiKeyRecord record)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO api_keys ({Columns}) VALUES (@k, @p, @h, @r, @t, @s, @x, @v, @u)
            ON CONFLICT (key_id) DO NOTHING;
            """;
        command.Parameters.AddWithValue("@k", record.KeyId);
        command.Parameters.AddWithValue("@p", record.Principal);
        command.Parameters.AddWithValue("@h", record.SecretHash);
        command.Parameters.AddWithValue("@r", record.Role);
        command.Parameters.AddWithValue("@t", SqliteTime.Format(record.CreatedAt));
        command.Parameters.AddWithValue("@s", (object?)record.Scopes ?? DBNull.Value);
        command.Parameters.AddWithValue("@x", (object?)record.Prefix ?? DBNull.Value);
        command.Parameters.AddWithValue("@v", record.RevokedAt is { } revoked ? SqliteTime.Format(revoked) : DBNull.Value);
        command.Parameters.AddWithValue("@u", record.LastUsedAt is { } used ? SqliteTime.Format(used) : DBNull.Value);
        if (command.ExecuteNonQuery() == 0)
        {
            throw new InvalidOperationException($"An API key with id '{record.KeyId}' already exists.");
        }
    }

    private static ApiKeyRecord Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        SqliteTime.Parse(reader.GetString(4)),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.IsDBNull(7) ? null : SqliteTime.Parse(reader.GetString(7)),
        reader.IsDBNull(8) ? null : SqliteTime.Parse(reader.GetString(8)));
}
