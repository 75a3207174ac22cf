using Microsoft.Extensions.Logging;

namespace PAI.Models.Agents;

public sealed partial class AgentRunner
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Goal {GoalId} step {StepId}: {Reason}")]
    private static partial void LogBudget(ILogger logger, string goalId, string stepId, string reason);
}
