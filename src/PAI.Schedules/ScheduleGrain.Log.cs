using Microsoft.Extensions.Logging;

namespace PAI.Schedules;

public sealed partial class ScheduleGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {ScheduleId} '{Name}' created for {Owner}")]
    private static partial void LogCreated(ILogger logger, string scheduleId, string owner, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {ScheduleId} deleted by {Actor}")]
    private static partial void LogDeleted(ILogger logger, string scheduleId, string actor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {ScheduleId} could not run; trying again in {RetryDelay}")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string scheduleId, TimeSpan retryDelay);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Schedule {ScheduleId} fired {FireTime:O}: goal {GoalId}")]
    private static partial void LogFired(ILogger logger, string scheduleId, DateTimeOffset fireTime, string goalId);
}
