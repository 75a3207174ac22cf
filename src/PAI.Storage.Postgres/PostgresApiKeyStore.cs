using Npgsql;
using PAI.Abstractions.Storage;

namespace PAI.Storage.Postgres;

/// <summary>API keys in <c>pai_api_keys</c>, scoped by the Orleans service id.</summary>
public sealed class PostgresApiKeyStore(NpgsqlDataSource dataSource, string serviceId, PostgresSchemaInitializer? schema = null) : IApiKeyStore
{
    /// <inheritdoc />
    public async Task<ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        await EnsureSchemaAsync(cancellationToken);
        await using var command = dataSource.CreateCommand(
            "SELECT key_id, principal, secret_hash, role, created_at FROM pai_api_keys WHERE service_id = @s AND key_id = @k;");
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("k", keyId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new ApiKeyRecord(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetFieldValue<DateTimeOffset>(4));
    }

    /// <summary>Stores a new key; throws <see cref="InvalidOperationException"/> when the key id is taken.</summary>
    public async Task AddAsync(ApiKeyRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await EnsureSchemaAsync(cancellationToken);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO pai_api_keys (service_id, key_id, principal, secret_hash, role, created_at)
            VALUES (@s, @k, @p, @h, @r, @t) ON CONFLICT (service_id, key_id) DO NOTHING;
            """);
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("k", record.KeyId);
        command.Parameters.AddWithValue("p", record.Principal);
        command.Parameters.AddWithValue("h", record.SecretHash);
        command.Parameters.AddWithValue("r", record.Role);
        command.Parameters.AddWithValue("t", record.CreatedAt.ToUniversalTime());
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new InvalidOperationException($"An API key with id '{record.KeyId}' already exists.");
        }
    }

    /// <inheritdoc />
    public async Task<int> CountAsync(CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync(cancellationToken);
        await using var command = dataSource.CreateCommand("SELECT count(*)::integer FROM pai_api_keys WHERE service_id = @s;");
        command.Parameters.AddWithValue("s", serviceId);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private Task EnsureSchemaAsync(CancellationToken cancellationToken) => schema?.EnsureAsync(cancellationToken) ?? Task.CompletedTask;
}
