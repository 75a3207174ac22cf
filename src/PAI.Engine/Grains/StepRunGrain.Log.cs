using Microsoft.Extensions.Logging;
using PAI.Abstractions.Goals;

namespace PAI.Engine.Grains;

public sealed partial class StepRunGrain
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Step {GoalId}/{StepId}: {Tool} attempt {Attempt}")]
    private static partial void LogAttempt(ILogger logger, string goalId, string stepId, string tool, int attempt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Step {GoalId}/{StepId}: attempt {Attempt} in {Delay} after: {Error}")]
    private static partial void LogRetry(ILogger logger, string goalId, string stepId, int attempt, TimeSpan delay, string? error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Step {GoalId}/{StepId} finished {Status} {Error}")]
    private static partial void LogFinished(ILogger logger, string goalId, string stepId, StepStatus status, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skill step {GoalId}/{StepId}: cleanup phase {Phase} failed: {Error}")]
    private static partial void LogCleanupFailed(ILogger logger, string goalId, string stepId, string phase, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Skill step {GoalId}/{StepId}: verify {Check} failed ({Error}); running again from {Phase}")]
    private static partial void LogVerifyRetry(ILogger logger, string goalId, string stepId, string check, string phase, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Step {GoalId}/{StepId}: reporting to the goal failed (try {Attempt})")]
    private static partial void LogReportFailed(ILogger logger, Exception exception, string goalId, string stepId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Step {GoalId}/{StepId}: abandoned this run because its state could not be written; the goal's watchdog restarts it")]
    private static partial void LogAbandoned(ILogger logger, Exception exception, string goalId, string stepId);
}
