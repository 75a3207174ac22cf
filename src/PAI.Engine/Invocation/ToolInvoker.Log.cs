using Microsoft.Extensions.Logging;

namespace PAI.Engine.Invocation;

public sealed partial class ToolInvoker
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Goal {GoalId}: refused tool call {Key}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string goalId, string key, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Tool call {Key} ({Tool}): next attempt in {Delay} after: {Error}")]
    private static partial void LogRetry(ILogger logger, string key, string tool, TimeSpan delay, string error);
}
