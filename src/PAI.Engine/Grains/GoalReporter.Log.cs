using Microsoft.Extensions.Logging;
using PAI.Abstractions.Goals;

namespace PAI.Engine.Grains;

internal sealed partial class GoalReporter
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Step {GoalId}/{StepId} finished {Status} {Error}")]
    private static partial void LogFinished(ILogger logger, string goalId, string stepId, StepStatus status, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Step {GoalId}/{StepId}: reporting to the goal failed (try {Attempt})")]
    private static partial void LogReportFailed(ILogger logger, Exception exception, string goalId, string stepId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Step {GoalId}/{StepId}: the goal did not take the outcome after every retry; the next dispatch offers it again")]
    private static partial void LogReportAbandoned(ILogger logger, Exception exception, string goalId, string stepId);
}
