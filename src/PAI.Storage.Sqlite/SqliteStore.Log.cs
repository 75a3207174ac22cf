using Microsoft.Extensions.Logging;

namespace PAI.Storage.Sqlite;

public sealed partial class SqliteStore
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "SQLite commit of {Count} writes failed; every write in the batch failed")]
    private static partial void LogCommitFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Critical, Message = "SQLite writer stopped; the store takes no more writes")]
    private static partial void LogWriterStopped(ILogger logger, Exception exception);
}
