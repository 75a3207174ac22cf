using Microsoft.Extensions.Logging;

namespace PAI.Schedules;

public sealed partial class ScheduleResumer
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Schedules woken ({Reason}): {Count}")]
    private static partial void LogWoken(ILogger logger, string reason, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waking schedule {ScheduleId} failed; its reminder wakes it later")]
    private static partial void LogWakeFailed(ILogger logger, Exception exception, string scheduleId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Waking schedules failed; their reminders wake them later")]
    private static partial void LogScanFailed(ILogger logger, Exception exception);
}
