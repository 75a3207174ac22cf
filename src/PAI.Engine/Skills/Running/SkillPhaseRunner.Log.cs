using Microsoft.Extensions.Logging;

namespace PAI.Engine.Skills.Running;

internal sealed partial class SkillPhaseRunner
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Skill step {GoalId}/{StepId}: verify {Check} failed ({Error}); running again from {Phase}")]
    private static partial void LogVerifyRetry(ILogger logger, string goalId, string stepId, string check, string phase, string error);
}
