using Microsoft.Extensions.Logging;
using PAI.Abstractions.Goals;

namespace PAI.Engine.Grains;

public sealed partial class GoalGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Goal {GoalId} accepted with {StepCount} steps for {Principal}")]
    private static partial void LogAccepted(ILogger logger, string goalId, int stepCount, string principal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Goal {GoalId} finished {Status} {Error}")]
    private static partial void LogFinished(ILogger logger, string goalId, GoalStatus status, string? error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Goal {GoalId} cancelled by {Principal}; {RunningSteps} running steps told to stop")]
    private static partial void LogCancelled(ILogger logger, string goalId, string principal, int runningSteps);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Goal {GoalId}: starting step {StepId} failed (try {Attempt})")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception, string goalId, string stepId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Goal {GoalId}: step {StepId} approval by {Principal}: {Approved}")]
    private static partial void LogApproval(ILogger logger, string goalId, string stepId, string principal, bool approved);
}
