using Microsoft.Extensions.Logging;

namespace PAI.Models.Planning;

public sealed partial class ModelPlannerGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Goal {GoalId}: plan v{Version} of {Steps} step(s) after {Answers} answer(s)")]
    private static partial void LogPlanned(ILogger logger, string goalId, int version, int steps, int answers);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Goal {GoalId}: answer {Answer} is not a valid plan ({Errors} error(s)); asking for a repair")]
    private static partial void LogInvalidPlan(ILogger logger, string goalId, int answer, int errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Goal {GoalId}: recalling memories for planning failed")]
    private static partial void LogRecallFailed(ILogger logger, Exception exception, string goalId);
}
