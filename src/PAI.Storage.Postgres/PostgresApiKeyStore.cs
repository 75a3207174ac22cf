using Npgsql;
using PAI.Abstractions.Storage;

namespace PAI.Storage.Postgres;

/// <summary>API keys in <c>pai_api_keys</c>, scoped by the Orleans service id.</summary>
public sealed class PostgresApiKeyStore(NpgsqlDataSource dataSource, string serviceId, PostgresSchemaInitializer? schema = null) : IApiKeyStore
{
    private const string Columns = "key_id, principal, secret_hash, role, created_at, scopes, prefix, revoked_at, last_used_at";

    /// <inheritdoc />
    public async Task<ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        await EnsureSchemaAsync(cancellationToken);
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM pai_api_keys WHERE service_id = @s AND key_id = @k;");
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("k", keyId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <inheritdoc />
    public async Task AddAsync(ApiKeyRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await EnsureSchemaAsync(cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await InsertAsync(connection, null, record, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> CountAsync(CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync(cancellationToken);
        await using var command = dataSource.CreateCommand("SELECT count(*)::integer FROM pai_api_keys WHERE service_id = @s;");
        command.Parameters.AddWithValue("s", serviceId);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(ApiKeyPosition? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await EnsureSchemaAsync(cancellationToken);
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM pai_api_keys WHERE service_id = @s" +
            (after is null ? "" : " AND (created_at, key_id) > (@c, @k)") +
            " ORDER BY created_at, key_id LIMIT @limit;");
        command.Parameters.AddWithValue("s", serviceId);
        if (after is not null)
        {
            command.Parameters.AddWithValue("c", after.CreatedAt.ToUniversalTime());
            command.Parameters.AddWithValue("k", after.KeyId);
        }

        command.Parameters.AddWithValue("limit", limit);
        var keys = new List<ApiKeyRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(Read(reader));
        }

        return keys;
    }

    /// <inheritdoc />
    public async Task<bool> RevokeAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        await EnsureSchemaAsync(cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await RevokeAsync(connection, null, keyId, at, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> ReplaceAsync(string keyId, ApiKeyRecord replacement, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentNullException.ThrowIfNull(replacement);
        await EnsureSchemaAsync(cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await RevokeAsync(connection, transaction, keyId, at, cancellationToken))
        {
            return false;
        }

        await InsertAsync(connection, transaction, replacement, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <inheritdoc />
    public async Task TouchAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        await EnsureSchemaAsync(cancellationToken);
        await using var command = dataSource.CreateCommand("""
            UPDATE pai_api_keys SET last_used_at = @t
            WHERE service_id = @s AND key_id = @k AND (last_used_at IS NULL OR last_used_at < @t);
            """);
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("k", keyId);
        command.Parameters.AddWithValue("t", at.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<bool> RevokeAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string keyId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE pai_api_keys SET revoked_at = @t WHERE service_id = @s AND key_id = @k AND revoked_at IS NULL;", connection, transaction);
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("k", keyId);
        command.Parameters.AddWithValue("t", at.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, ApiKeyRecord record, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            INSERT INTO pai_api_keys (service_id, {Columns})
            VALUES (@s, @k, @p, @h, @r, @t, @sc, @x, @v, @u) ON CONFLICT (service_id, key_id) DO NOTHING;
            """, connection, transaction);
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("k", record.KeyId);
        command.Parameters.AddWithValue("p", record.Principal);
        command.Parameters.AddWithValue("h", record.SecretHash);
        command.Parameters.AddWithValue("r", record.Role);
        command.Parameters.AddWithValue("t", record.CreatedAt.ToUniversalTime());
        command.Parameters.Add(new NpgsqlParameter<string?>("sc", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = record.Scopes });
        command.Parameters.Add(new NpgsqlParameter<string?>("x", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = record.Prefix });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("v", NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = record.RevokedAt?.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("u", NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = record.LastUsedAt?.ToUniversalTime() });
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new InvalidOperationException($"An API key with id '{record.KeyId}' already exists.");
        }
    }

    private static ApiKeyRecord Read(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetFieldValue<DateTimeOffset>(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
        reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8));

    private Task EnsureSchemaAsync(CancellationToken cancellationToken) => schema?.EnsureAsync(cancellationToken) ?? Task.CompletedTask;
}
