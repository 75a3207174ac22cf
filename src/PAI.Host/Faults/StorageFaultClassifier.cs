using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Orleans.Serialization;
using PAI.Engine.Persistence;

namespace PAI.Host.Faults;

/// <summary>
/// Decides whether an exception means "the store cannot take writes right now" (a <see cref="StorageFault"/>, which a
/// client should retry) or is a defect (null: a 500). Pure: looks only at the exception and its inner exceptions
/// (Orleans wraps storage errors in <c>OrleansException</c>; grain calls carry them across silos), at most
/// <see cref="MaxExceptionsExamined"/> of them.
/// </summary>
public static class StorageFaultClassifier
{
    /// <summary>How many exceptions of one chain are examined at most (chains are short; a cycle must not loop).</summary>
    public const int MaxExceptionsExamined = 32;

    private const int MaxReasonLength = 200;

    // errno values (Linux); .NET puts them in IOException.HResult on Unix.
    private const int Eio = 5;
    private const int Enospc = 28;
    private const int Erofs = 30;
    private const int Edquot = 122;

    // Windows HRESULTs for a full disk (ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL).
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);
    private const int WindowsDiskFull = unchecked((int)0x80070070);

    /// <summary>The fault <paramref name="exception"/> stands for, or null when it is not a store fault.</summary>
    public static StorageFault? Classify(Exception? exception)
    {
        var pending = new Queue<Exception>();
        if (exception is not null)
        {
            pending.Enqueue(exception);
        }

        StorageFault? weakest = null;
        for (var examined = 0; pending.Count > 0 && examined < MaxExceptionsExamined; examined++)
        {
            var current = pending.Dequeue();
            var fault = ClassifyOne(current);
            if (fault is { Kind: not StorageFaultKind.Unavailable })
            {
                // The disk being full or read-only is the most specific cause: it wins over a timeout that wraps it.
                return fault;
            }

            weakest ??= fault;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Enqueue(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Enqueue(inner);
            }
        }

        return weakest;
    }

    private static StorageFault? ClassifyOne(Exception exception) => exception switch
    {
        SqliteException sqlite => Sqlite(sqlite),
        // Rebuilt from another silo, a PostgresException has only its message ("<SQLSTATE>: <text>"): Orleans creates it
        // uninitialised and sets the base Exception's fields.
        PostgresException { SqlState: null or "" } rebuilt => Postgres(SqlStateOf(rebuilt.Message), $"PostgreSQL {rebuilt.Message}"),
        PostgresException postgres => Postgres(postgres.SqlState, $"PostgreSQL {postgres.SqlState}: {postgres.MessageText}"),
        // Below PostgresException: connection-level failures (refused, reset, read timeout, pool exhausted).
        NpgsqlException npgsql => new StorageFault(StorageFaultKind.Unavailable, Shorten(npgsql.Message)),
        IOException io => Io(io.HResult, io.Message),
        UnauthorizedAccessException denied => new StorageFault(StorageFaultKind.ReadOnly, Shorten(denied.Message)),
        StaleActivationException => StateLost,
        // From another silo, when the exception's type could be named but not rebuilt (no serialization constructor).
        UnavailableExceptionFallbackException fallback => Fallback(fallback.ExceptionType, fallback.Message),
        TimeoutException timeout => new StorageFault(StorageFaultKind.Unavailable, Shorten(timeout.Message)),
        _ => null,
    };

    private static readonly StorageFault StateLost = new(StorageFaultKind.Unavailable, "a write could not be made durable; the goal is reloading from the store");

    private static StorageFault? Fallback(string? typeName, string message) => typeName switch
    {
        "Npgsql.PostgresException" => Postgres(SqlStateOf(message), message),
        not null when typeName.StartsWith("Npgsql.", StringComparison.Ordinal) => new StorageFault(StorageFaultKind.Unavailable, Shorten(message)),
        not null when typeName == typeof(StaleActivationException).FullName => StateLost,
        _ => null,
    };

    /// <summary>Npgsql's message is "<c>SQLSTATE: text</c>".</summary>
    private static string? SqlStateOf(string message) => message.Length > 5 && message[5] == ':' ? message[..5] : null;

    private static StorageFault? Sqlite(SqliteException exception)
    {
        // An exception rebuilt from another silo keeps HResult (DbException's error code) even where its own fields are empty.
        var code = exception.SqliteErrorCode != 0 ? exception.SqliteErrorCode : ((DbException)exception).ErrorCode;
        var reason = Shorten($"SQLite {code}: {exception.Message}");
        return code switch
        {
            SQLitePCL.raw.SQLITE_FULL => new StorageFault(StorageFaultKind.DiskFull, reason),
            SQLitePCL.raw.SQLITE_READONLY => new StorageFault(StorageFaultKind.ReadOnly, reason),
            SQLitePCL.raw.SQLITE_IOERR or SQLitePCL.raw.SQLITE_CANTOPEN or SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED
                => new StorageFault(StorageFaultKind.Unavailable, reason),
            _ => null,
        };
    }

    private static StorageFault? Postgres(string? sqlState, string reason) => sqlState switch
    {
        "53100" => new StorageFault(StorageFaultKind.DiskFull, Shorten(reason)),
        "25006" => new StorageFault(StorageFaultKind.ReadOnly, Shorten(reason)),
        // Connection exceptions, shutting down / starting up, insufficient resources, serialization and deadlocks.
        { Length: 5 } when sqlState.StartsWith("08", StringComparison.Ordinal)
            || sqlState.StartsWith("57P", StringComparison.Ordinal)
            || sqlState.StartsWith("53", StringComparison.Ordinal)
            || sqlState is "40001" or "40P01" => new StorageFault(StorageFaultKind.Unavailable, Shorten(reason)),
        _ => null,
    };

    private static StorageFault? Io(int hresult, string message) => hresult switch
    {
        Enospc or Edquot or WindowsDiskFull or WindowsHandleDiskFull => new StorageFault(StorageFaultKind.DiskFull, Shorten(message)),
        Erofs => new StorageFault(StorageFaultKind.ReadOnly, Shorten(message)),
        Eio => new StorageFault(StorageFaultKind.Unavailable, Shorten(message)),
        _ => null,
    };

    private static string Shorten(string text)
    {
        var line = text.AsSpan();
        var newline = line.IndexOfAny('\r', '\n');
        if (newline >= 0)
        {
            line = line[..newline];
        }

        return line.Length > MaxReasonLength ? string.Concat(line[..MaxReasonLength], "…") : line.ToString();
    }
}
