using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans.Runtime;
using Orleans.Storage;
using PAI.Abstractions.Storage;

namespace PAI.Storage.Sqlite;

/// <summary>
/// Orleans grain storage in the <c>grain_state</c> table of a <see cref="SqliteStore"/>. The row key is
/// <c>(GrainId.ToString(), stateName)</c>; the ETag is the row's version number as a string, starting at 1.
/// Writes go through the store's group-commit writer and are durable when their task completes.
/// </summary>
/// <remarks>
/// Registered as the keyed <see cref="IGrainStorage"/> service <c>StorageNames.Grains</c> and as the default
/// provider. To wrap it (fault injection, tracing), register a later keyed singleton under the same name that
/// resolves the concrete <see cref="SqliteGrainStorage"/> singleton and decorates it; the default provider
/// forwards to the keyed one, so the decorator applies to both.
/// </remarks>
public sealed class SqliteGrainStorage(SqliteStore store, IGrainStorageSerializer serializer) : IGrainStorage
{
    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = grainId.ToString();
        return ReadCoreAsync(stateName, key, grainState);
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = grainId.ToString();
        var expected = grainState.ETag;
        var expectedVersion = ParseETag(expected, key, stateName);

        // Serialized now, before queueing, so the grain may change its state while the write waits for the commit.
        var data = PooledGrainStorageSerializer.ToExactArray(serializer.Serialize(grainState.State));
        var updatedAt = SqliteTime.Format(DateTimeOffset.UtcNow);

        var version = await store.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.Parameters.AddWithValue("@g", key);
            command.Parameters.AddWithValue("@s", stateName);
            command.Parameters.AddWithValue("@d", data);
            command.Parameters.AddWithValue("@t", updatedAt);
            if (expectedVersion is null)
            {
                command.CommandText = """
                    INSERT INTO grain_state (grain_id, state_name, etag, data, updated_at) VALUES (@g, @s, 1, @d, @t)
                    ON CONFLICT (grain_id, state_name) DO NOTHING;
                    """;
                if (command.ExecuteNonQuery() == 0)
                {
                    throw Conflict("write", key, stateName, expected);
                }

                return 1L;
            }

            command.CommandText = "UPDATE grain_state SET etag = etag + 1, data = @d, updated_at = @t WHERE grain_id = @g AND state_name = @s AND etag = @e;";
            command.Parameters.AddWithValue("@e", expectedVersion.Value);
            if (command.ExecuteNonQuery() == 0)
            {
                throw Conflict("write", key, stateName, expected);
            }

            return expectedVersion.Value + 1;
        });

        grainState.ETag = FormatETag(version);
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = grainId.ToString();
        var expected = grainState.ETag;
        var expectedVersion = ParseETag(expected, key, stateName);

        await store.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.Parameters.AddWithValue("@g", key);
            command.Parameters.AddWithValue("@s", stateName);
            if (expectedVersion is null)
            {
                // Clearing what the caller believes was never written: fine unless someone else wrote it.
                command.CommandText = "SELECT EXISTS (SELECT 1 FROM grain_state WHERE grain_id = @g AND state_name = @s);";
                if (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) != 0)
                {
                    throw Conflict("clear", key, stateName, expected);
                }

                return true;
            }

            command.CommandText = "DELETE FROM grain_state WHERE grain_id = @g AND state_name = @s AND etag = @e;";
            command.Parameters.AddWithValue("@e", expectedVersion.Value);
            if (command.ExecuteNonQuery() == 0)
            {
                throw Conflict("clear", key, stateName, expected);
            }

            return true;
        });

        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private async Task ReadCoreAsync<T>(string stateName, string key, IGrainState<T> grainState)
    {
        var row = await store.ReadAsync(async (connection, cancellationToken) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT etag, data FROM grain_state WHERE grain_id = @g AND state_name = @s;";
            command.Parameters.AddWithValue("@g", key);
            command.Parameters.AddWithValue("@s", stateName);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return ((long Version, byte[] Data)?)null;
            }

            return (reader.GetInt64(0), (byte[])reader.GetValue(1));
        });

        if (row is { } found)
        {
            grainState.State = serializer.Deserialize<T>(new BinaryData(found.Data));
            grainState.ETag = FormatETag(found.Version);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    }

    private static long? ParseETag(string? etag, string key, string stateName)
    {
        if (etag is null)
        {
            return null;
        }

        if (long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return version;
        }

        throw new InconsistentStateException($"ETag '{etag}' of {key}/{stateName} is not a version this store issued.", "unknown", etag);
    }

    private static string FormatETag(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static InconsistentStateException Conflict(string action, string key, string stateName, string? expected) =>
        new($"Cannot {action} {key}/{stateName}: the stored version is not '{expected ?? "(none)"}'.", "unknown", expected ?? "(none)");
}
