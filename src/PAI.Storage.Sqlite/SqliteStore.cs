using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PAI.Storage.Sqlite;

/// <summary>
/// One SQLite data file (<c>&lt;dataDir&gt;/pai.db</c>, WAL mode). Every write goes through a single writer
/// connection fed by a channel: the writer drains whatever is queued (up to <see cref="SqliteStoreOptions.MaxBatch"/>),
/// runs it in one transaction and commits once, so many concurrent callers share one fsync ("group commit").
/// A caller's task completes only after the commit that holds its write, so the write is durable by then.
/// Reads use separate pooled connections; WAL lets them run beside the writer.
/// </summary>
public sealed partial class SqliteStore : IAsyncDisposable, IDisposable
{
    /// <summary>The meter name for the store's counters.</summary>
    public const string MeterName = "PAI.Storage";

    /// <summary>The file name inside <see cref="SqliteStoreOptions.DataDirectory"/>.</summary>
    public const string FileName = "pai.db";

    private const int SchemaVersion = 1;

    private readonly Channel<SqliteWriteOperation> _queue = Channel.CreateUnbounded<SqliteWriteOperation>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private readonly SqliteConnection _writer;
    private readonly string _readConnectionString;
    private SqliteCommand? _savepoint;
    private SqliteCommand? _releaseSavepoint;
    private SqliteCommand? _rollbackToSavepoint;
    private readonly int _maxBatch;
    private readonly Thread _writerThread;
    private readonly TaskCompletionSource _writerStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger;
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _commitCounter;
    private readonly Counter<long> _operationCounter;
    private readonly Histogram<int> _batchSizeHistogram;
    private long _commits;
    private long _operations;
    private long _failedCommits;
    private int _disposed;

    /// <summary>Opens (creating when missing) the data file and starts the writer.</summary>
    public SqliteStore(SqliteStoreOptions options, ILogger<SqliteStore>? logger = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataDirectory, nameof(options.DataDirectory));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatch, 1, nameof(options.MaxBatch));

        Options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _maxBatch = options.MaxBatch;

        Directory.CreateDirectory(options.DataDirectory);
        var path = Path.GetFullPath(Path.Combine(options.DataDirectory, FileName));
        DatabasePath = path;

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            DefaultTimeout = 30,
        };
        _writer = new SqliteConnection(builder.ToString());
        _writer.Open();
        InitializeWriter(_writer, options.SynchronousFull);

        builder.Mode = SqliteOpenMode.ReadWrite;
        builder.Pooling = true;
        _readConnectionString = builder.ToString();

        if (meterFactory is not null)
        {
            _meter = meterFactory.Create(MeterName);
        }
        else
        {
            _meter = new Meter(MeterName);
            _ownsMeter = true;
        }

        _commitCounter = _meter.CreateCounter<long>("pai.store.commits", unit: "{commit}", description: "Transactions committed by the store's writer.");
        _operationCounter = _meter.CreateCounter<long>("pai.store.operations", unit: "{operation}", description: "Writes committed by the store's writer.");
        _batchSizeHistogram = _meter.CreateHistogram<int>("pai.store.batch_size", unit: "{operation}", description: "Writes per committed transaction.");

        _writerThread = new Thread(RunWriter) { IsBackground = true, Name = "PAI.Storage.Sqlite writer" };
        _writerThread.Start();
    }

    /// <summary>The options the store was opened with.</summary>
    public SqliteStoreOptions Options { get; }

    /// <summary>The full path of the data file.</summary>
    public string DatabasePath { get; }

    /// <summary>Commit and write counters since the store opened.</summary>
    public SqliteStoreStatistics Statistics => new(
        Interlocked.Read(ref _commits),
        Interlocked.Read(ref _operations),
        Interlocked.Read(ref _failedCommits));

    /// <summary>
    /// Queues a write for the next group commit. <paramref name="write"/> runs on the writer thread inside the
    /// batch transaction; if it throws, only its own task fails (its statements are rolled back to a savepoint).
    /// The task completes after the transaction holding the write committed.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        var operation = new SqliteWriteOperation<T>(write, cancellationToken);
        if (!_queue.Writer.TryWrite(operation))
        {
            return Task.FromException<T>(new ObjectDisposedException(nameof(SqliteStore)));
        }

        return operation.Task;
    }

    /// <summary>Runs <paramref name="read"/> on a pooled read connection (never the writer).</summary>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await using var connection = new SqliteConnection(_readConnectionString);
        await connection.OpenAsync(cancellationToken);
        return await read(connection, cancellationToken);
    }

    /// <summary>Stops taking writes, commits what is queued, and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            await _writerStopped.Task;
            return;
        }

        _queue.Writer.TryComplete();
        await _writerStopped.Task;
        Close();
    }

    /// <summary>Stops taking writes, commits what is queued, and closes the file.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            _writerThread.Join();
            return;
        }

        _queue.Writer.TryComplete();
        _writerThread.Join();
        Close();
    }

    private void Close()
    {
        _savepoint?.Dispose();
        _releaseSavepoint?.Dispose();
        _rollbackToSavepoint?.Dispose();
        _writer.Dispose();
        using (var pooled = new SqliteConnection(_readConnectionString))
        {
            SqliteConnection.ClearPool(pooled);
        }

        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private static void InitializeWriter(SqliteConnection connection, bool synchronousFull)
    {
        Execute(connection, null, "PRAGMA journal_mode=WAL;");
        Execute(connection, null, synchronousFull ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");

        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, SqliteSchema.Create);
        SqliteSchemaAdditions.Apply(connection, transaction);
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO schema_version(version, applied_at) SELECT @v, @t WHERE NOT EXISTS (SELECT 1 FROM schema_version WHERE version = @v);";
            command.Parameters.AddWithValue("@v", SchemaVersion);
            command.Parameters.AddWithValue("@t", SqliteTime.Format(DateTimeOffset.UtcNow));
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private void RunWriter()
    {
        var batch = new List<SqliteWriteOperation>(_maxBatch);
        var reader = _queue.Reader;
        try
        {
            while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                batch.Clear();
                while (batch.Count < _maxBatch && reader.TryRead(out var operation))
                {
                    if (operation.IsCancellationRequested)
                    {
                        operation.Cancel();
                    }
                    else
                    {
                        batch.Add(operation);
                    }
                }

                if (batch.Count > 0)
                {
                    CommitBatch(batch);
                }
            }
        }
        catch (Exception exception)
        {
            LogWriterStopped(_logger, exception);
            _queue.Writer.TryComplete(exception);
            while (reader.TryRead(out var operation))
            {
                operation.Abort(exception);
            }
        }
        finally
        {
            _writerStopped.TrySetResult();
        }
    }

    private SqliteCommand SavepointCommand(ref SqliteCommand? command, string sql, SqliteTransaction transaction)
    {
        if (command is null)
        {
            command = _writer.CreateCommand();
            command.CommandText = sql;
        }

        command.Transaction = transaction;
        return command;
    }

    private void CommitBatch(List<SqliteWriteOperation> batch)
    {
        try
        {
            using var transaction = _writer.BeginTransaction();
            foreach (var operation in batch)
            {
                // A savepoint per write lets one write's failed check or constraint undo only its own statements.
                // The savepoint statements are prepared once and reused: SqliteTransaction.Save/Release/Rollback
                // would parse and prepare a fresh statement each time, twice per write.
                SavepointCommand(ref _savepoint, "SAVEPOINT op;", transaction).ExecuteNonQuery();
                try
                {
                    operation.Execute(_writer, transaction);
                    SavepointCommand(ref _releaseSavepoint, "RELEASE op;", transaction).ExecuteNonQuery();
                }
                catch (Exception exception) when (exception is not SqliteException { SqliteErrorCode: SQLitePCL.raw.SQLITE_IOERR or SQLitePCL.raw.SQLITE_FULL or SQLitePCL.raw.SQLITE_CORRUPT })
                {
                    SavepointCommand(ref _rollbackToSavepoint, "ROLLBACK TO op;", transaction).ExecuteNonQuery();
                    SavepointCommand(ref _releaseSavepoint, "RELEASE op;", transaction).ExecuteNonQuery();
                    operation.Fail(exception);
                }
            }

            transaction.Commit();
        }
        catch (Exception exception)
        {
            Interlocked.Increment(ref _failedCommits);
            LogCommitFailed(_logger, batch.Count, exception);
            foreach (var operation in batch)
            {
                operation.Abort(exception);
            }

            return;
        }

        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _operations, batch.Count);
        _commitCounter.Add(1);
        _operationCounter.Add(batch.Count);
        _batchSizeHistogram.Record(batch.Count);
        foreach (var operation in batch)
        {
            operation.Complete();
        }
    }
}
