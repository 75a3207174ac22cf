using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PAI.Storage.Sqlite;

namespace PAI.Storage.Tests.Sqlite;

public sealed class SqliteStoreTests : IAsyncLifetime
{
    private readonly SqliteTestStorage _storage = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _storage.DeleteAsync();

    private SqliteStore Open(bool synchronousFull = true, int maxBatch = 512) =>
        new(new SqliteStoreOptions { DataDirectory = _storage.DataDirectory, SynchronousFull = synchronousFull, MaxBatch = maxBatch });

    private static Task<int> InsertKeyAsync(SqliteStore store, string keyId) =>
        store.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO api_keys (key_id, principal, secret_hash, role, created_at) VALUES (@k, 'p', 'h', 'user', '2025-01-01T00:00:00.0000000Z');";
            command.Parameters.AddWithValue("@k", keyId);
            return command.ExecuteNonQuery();
        });

    private static Task<long> CountAsync(SqliteStore store, string sql) =>
        store.ReadAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return (long)(await command.ExecuteScalarAsync(ct))!;
        });

    [Fact]
    public async Task Constructor_NewDirectory_CreatesDatabaseInWalMode()
    {
        await using var store = Open();

        Assert.True(File.Exists(Path.Combine(_storage.DataDirectory, SqliteStore.FileName)));
        var mode = await store.ReadAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode;";
            return (string)(await command.ExecuteScalarAsync(ct))!;
        });
        Assert.Equal("wal", mode);
    }

    [Fact]
    public async Task Constructor_ExistingDatabase_KeepsDataAndSingleSchemaVersion()
    {
        await using (var first = Open())
        {
            await InsertKeyAsync(first, "k1");
        }

        await using var second = Open();

        Assert.Equal(1, await CountAsync(second, "SELECT COUNT(*) FROM schema_version;"));
        Assert.Equal(1, await CountAsync(second, "SELECT COUNT(*) FROM api_keys;"));
    }

    [Fact]
    public async Task DisposeAsync_ThenReopen_SeesCommittedWrites()
    {
        await using (var first = Open())
        {
            await Task.WhenAll(Enumerable.Range(0, 50).Select(i => InsertKeyAsync(first, $"k{i}")));
        }

        await using var reopened = Open();

        Assert.Equal(50, await CountAsync(reopened, "SELECT COUNT(*) FROM api_keys;"));
    }

    [Fact]
    public async Task WriteAsync_ManyConcurrentWrites_ShareCommits()
    {
        await using var store = Open();

        await Task.WhenAll(Enumerable.Range(0, 500).Select(i => InsertKeyAsync(store, $"k{i}")));

        var statistics = store.Statistics;
        Assert.Equal(500, statistics.Operations);
        Assert.InRange(statistics.Commits, 1, 499);
        Assert.True(statistics.OperationsPerCommit > 1);
    }

    [Fact]
    public async Task WriteAsync_OneWriteFailsItsCheck_OnlyThatWriteFailsAndItsStatementsAreUndone()
    {
        await using var store = Open();
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocker = store.WriteAsync((_, _) =>
        {
            running.SetResult();
            return gate.Task.Wait(TimeSpan.FromSeconds(10));
        });
        await running.Task;

        // Queued while the writer is busy with the blocker's batch, so the three writes below share the next one.
        var before = InsertKeyAsync(store, "before");
        var failing = store.WriteAsync<int>((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO api_keys (key_id, principal, secret_hash, role, created_at) VALUES ('failing', 'p', 'h', 'user', 'x');";
            command.ExecuteNonQuery();
            throw new InvalidOperationException("check failed");
        });
        var after = InsertKeyAsync(store, "after");
        gate.SetResult();

        Assert.True(await blocker);
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal(1, await before);
        Assert.Equal(1, await after);
        Assert.Equal(2, await CountAsync(store, "SELECT COUNT(*) FROM api_keys;"));
        Assert.Equal(0, await CountAsync(store, "SELECT COUNT(*) FROM api_keys WHERE key_id = 'failing';"));
        Assert.Equal(2, store.Statistics.Commits);
    }

    [Fact]
    public async Task WriteAsync_ConstraintViolation_FailsOnlyThatWrite()
    {
        await using var store = Open();
        await InsertKeyAsync(store, "dup");

        var duplicate = InsertKeyAsync(store, "dup");
        var other = InsertKeyAsync(store, "other");

        await Assert.ThrowsAsync<SqliteException>(() => duplicate);
        Assert.Equal(1, await other);
    }

    [Fact]
    public async Task WriteAsync_AfterDispose_ThrowsObjectDisposedException()
    {
        var store = Open();
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => InsertKeyAsync(store, "k1"));
    }

    [Fact]
    public async Task WriteAsync_CancelledToken_ReturnsCancelledTaskWithoutWriting()
    {
        await using var store = Open();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var write = store.WriteAsync((_, _) => 1, cancellation.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write);
        Assert.Equal(0, store.Statistics.Operations);
    }

    [Fact]
    public async Task WriteAsync_WithSynchronousNormal_Commits()
    {
        await using var store = Open(synchronousFull: false);

        Assert.Equal(1, await InsertKeyAsync(store, "k1"));
        var synchronous = await store.ReadAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM api_keys;";
            return (long)(await command.ExecuteScalarAsync(ct))!;
        });
        Assert.Equal(1, synchronous);
    }

    [Fact]
    public async Task WriteAsync_Commit_ReportsMeterCounters()
    {
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        await using var _ = services;
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        long commits = 0;
        long operations = 0;
        var batchSizes = new List<int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SqliteStore.MeterName && instrument.Meter.Scope == meterFactory)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "pai.store.commits")
            {
                Interlocked.Add(ref commits, value);
            }
            else if (instrument.Name == "pai.store.operations")
            {
                Interlocked.Add(ref operations, value);
            }
        });
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
        {
            if (instrument.Name == "pai.store.batch_size")
            {
                lock (batchSizes)
                {
                    batchSizes.Add(value);
                }
            }
        });
        listener.Start();
        await using var store = new SqliteStore(new SqliteStoreOptions { DataDirectory = _storage.DataDirectory }, meterFactory: meterFactory);

        await InsertKeyAsync(store, "k1");
        await InsertKeyAsync(store, "k2");

        Assert.Equal(2, Interlocked.Read(ref commits));
        Assert.Equal(2, Interlocked.Read(ref operations));
        lock (batchSizes)
        {
            Assert.Equal([1, 1], batchSizes);
        }
    }
}
