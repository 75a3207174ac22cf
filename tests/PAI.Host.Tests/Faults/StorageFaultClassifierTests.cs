using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Runtime;
using Orleans.Serialization;
using PAI.Engine.Persistence;
using PAI.Host.Faults;

namespace PAI.Host.Tests.Faults;

/// <summary>Which exceptions are store faults (503/507 with Retry-After) and which are defects (500).</summary>
public sealed class StorageFaultClassifierTests
{
    [Theory]
    [InlineData(28, StorageFaultKind.DiskFull)]   // ENOSPC
    [InlineData(122, StorageFaultKind.DiskFull)]  // EDQUOT
    [InlineData(30, StorageFaultKind.ReadOnly)]   // EROFS
    [InlineData(5, StorageFaultKind.Unavailable)] // EIO
    public void Classify_IoErrorFromTheKernel_IsTheMatchingFault(int errno, StorageFaultKind kind)
    {
        var fault = StorageFaultClassifier.Classify(new IOException("No space left on device : '/data/x'", errno));

        Assert.Equal(kind, fault?.Kind);
    }

    [Theory]
    [InlineData(SQLitePCL.raw.SQLITE_FULL, StorageFaultKind.DiskFull)]
    [InlineData(SQLitePCL.raw.SQLITE_READONLY, StorageFaultKind.ReadOnly)]
    [InlineData(SQLitePCL.raw.SQLITE_IOERR, StorageFaultKind.Unavailable)]
    [InlineData(SQLitePCL.raw.SQLITE_BUSY, StorageFaultKind.Unavailable)]
    public void Classify_SqliteError_IsTheMatchingFault(int code, StorageFaultKind kind)
    {
        var fault = StorageFaultClassifier.Classify(new SqliteException("SQLite Error", code));

        Assert.Equal(kind, fault?.Kind);
    }

    [Fact]
    public void Classify_SqliteConstraintViolation_IsNoFault()
    {
        Assert.Null(StorageFaultClassifier.Classify(new SqliteException("UNIQUE constraint failed", SQLitePCL.raw.SQLITE_CONSTRAINT)));
    }

    [Theory]
    [InlineData("53100", StorageFaultKind.DiskFull)]
    [InlineData("25006", StorageFaultKind.ReadOnly)]
    [InlineData("57P01", StorageFaultKind.Unavailable)]
    [InlineData("57P03", StorageFaultKind.Unavailable)]
    [InlineData("08006", StorageFaultKind.Unavailable)]
    [InlineData("53300", StorageFaultKind.Unavailable)]
    public void Classify_PostgresError_IsTheMatchingFault(string sqlState, StorageFaultKind kind)
    {
        var fault = StorageFaultClassifier.Classify(new PostgresException("message", "ERROR", "ERROR", sqlState));

        Assert.Equal(kind, fault?.Kind);
        Assert.Contains(sqlState, fault!.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("23505")] // unique_violation: a defect, not an outage
    [InlineData("42P01")] // undefined_table
    public void Classify_PostgresErrorThatIsADefect_IsNoFault(string sqlState)
    {
        Assert.Null(StorageFaultClassifier.Classify(new PostgresException("message", "ERROR", "ERROR", sqlState)));
    }

    [Fact]
    public void Classify_ConnectionRefused_IsUnavailable()
    {
        var fault = StorageFaultClassifier.Classify(new NpgsqlException("Failed to connect to 127.0.0.1:5432", new System.Net.Sockets.SocketException(111)));

        Assert.Equal(StorageFaultKind.Unavailable, fault?.Kind);
    }

    [Fact]
    public void Classify_WrappedByOrleansStorageBridge_LooksInside()
    {
        var wrapped = new OrleansException("Error from storage provider during WriteStateAsync", new SqliteException("database or disk is full", SQLitePCL.raw.SQLITE_FULL));

        Assert.Equal(StorageFaultKind.DiskFull, StorageFaultClassifier.Classify(wrapped)?.Kind);
    }

    [Fact]
    public void Classify_TimeoutWrappingAFullDisk_ReportsTheFullDisk()
    {
        var wrapped = new TimeoutException("gave up", new IOException("No space left on device", 28));

        Assert.Equal(StorageFaultKind.DiskFull, StorageFaultClassifier.Classify(wrapped)?.Kind);
    }

    [Fact]
    public void Classify_StateLostAfterFailedWrites_IsUnavailable()
    {
        Assert.Equal(StorageFaultKind.Unavailable, StorageFaultClassifier.Classify(new StaleActivationException())?.Kind);
    }

    [Theory]
    [InlineData("Npgsql.PostgresException", "57P03: the database system is not yet accepting connections", StorageFaultKind.Unavailable)]
    [InlineData("Npgsql.PostgresException", "25006: cannot execute INSERT in a read-only transaction", StorageFaultKind.ReadOnly)]
    [InlineData("Npgsql.NpgsqlException", "Failed to connect to 127.0.0.1:5432", StorageFaultKind.Unavailable)]
    [InlineData("PAI.Engine.Persistence.StaleActivationException", "a state write could not be made durable", StorageFaultKind.Unavailable)]
    public void Classify_ExceptionFromAnotherSiloThatCouldNotBeRebuilt_UsesItsTypeNameAndMessage(string type, string message, StorageFaultKind kind)
    {
        var fallback = new UnavailableExceptionFallbackException(message, null!);
        typeof(UnavailableExceptionFallbackException).GetProperty("ExceptionType")!.SetValue(fallback, type);

        Assert.Equal(kind, StorageFaultClassifier.Classify(new OrleansException("storage", fallback))?.Kind);
    }

    [Theory]
    [InlineData("57P03", "the database system is not yet accepting connections", StorageFaultKind.Unavailable)]
    [InlineData("53100", "could not extend file", StorageFaultKind.DiskFull)]
    [InlineData("23505", "duplicate key value violates unique constraint", null)]
    public void Classify_PostgresErrorCarriedFromAnotherSiloByOrleans_KeepsItsMeaning(string sqlState, string text, StorageFaultKind? kind)
    {
        // What a grain's failed activation on another silo hands the caller: its storage error, serialized by Orleans
        // and rebuilt here (a PostgresException is rebuilt uninitialised: only the message survives).
        using var services = new ServiceCollection()
            .AddSerializer()
            .Configure<ExceptionSerializationOptions>(StorageFaultExtensions.AllowStoreExceptionTypes)
            .BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var sent = new OrleansException("Error from storage provider during ReadStateAsync", new PostgresException(text, "FATAL", "FATAL", sqlState));

        var received = serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(sent));

        Assert.Equal(kind, StorageFaultClassifier.Classify(received)?.Kind);
    }

    [Fact]
    public void Classify_OrdinaryBug_IsNoFault()
    {
        Assert.Null(StorageFaultClassifier.Classify(new InvalidOperationException("boom", new NullReferenceException())));
        Assert.Null(StorageFaultClassifier.Classify(new IOException("file not found", 2)));
    }

    [Fact]
    public void Classify_SelfReferencingChainLongerThanTheLimit_StopsAndAnswers()
    {
        Exception chain = new InvalidOperationException("bottom");
        for (var i = 0; i < 10_000; i++)
        {
            chain = new InvalidOperationException($"level {i}", chain);
        }

        Assert.Null(StorageFaultClassifier.Classify(chain));
    }

    [Fact]
    public void Fault_DiskFull_Is507WithRetryAfter_OthersAre503()
    {
        Assert.Equal(507, new StorageFault(StorageFaultKind.DiskFull, "x").StatusCode);
        Assert.Equal(503, new StorageFault(StorageFaultKind.ReadOnly, "x").StatusCode);
        Assert.Equal(503, new StorageFault(StorageFaultKind.Unavailable, "x").StatusCode);
        Assert.All(Enum.GetValues<StorageFaultKind>(), k => Assert.True(new StorageFault(k, "x").RetryAfterSeconds > 0));
    }
}
