using Microsoft.Extensions.Logging;

namespace PAI.Engine.Skills.Running;

public sealed partial class SkillRunner
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Skill step {GoalId}/{StepId}: cleanup phase {Phase} failed: {Error}")]
    private static partial void LogCleanupFailed(ILogger logger, string goalId, string stepId, string phase, string error);
}
