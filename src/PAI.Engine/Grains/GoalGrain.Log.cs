using Microsoft.Extensions.Logging;

namespace PAI.Engine.Grains;

public sealed partial class GoalGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Goal {GoalId} accepted with {StepCount} steps for {Principal}")]
    private static partial void LogAccepted(ILogger logger, string goalId, int stepCount, string principal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Goal {GoalId}: after a failed submit, checking the store failed; the resume scan removes the reserved index row")]
    private static partial void LogSubmitCleanupFailed(ILogger logger, Exception exception, string goalId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Goal {GoalId}: {What} failed; the watchdog tries again")]
    private static partial void LogEffectFailed(ILogger logger, Exception exception, string goalId, string what);
}
