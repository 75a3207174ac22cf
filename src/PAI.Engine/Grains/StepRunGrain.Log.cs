using Microsoft.Extensions.Logging;

namespace PAI.Engine.Grains;

public sealed partial class StepRunGrain
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Step {GoalId}/{StepId}: {Tool} attempt {Attempt}")]
    private static partial void LogAttempt(ILogger logger, string goalId, string stepId, string tool, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Step {GoalId}/{StepId}: abandoned this run because its state could not be written; the goal's watchdog restarts it")]
    private static partial void LogAbandoned(ILogger logger, Exception? exception, string goalId, string stepId);
}
