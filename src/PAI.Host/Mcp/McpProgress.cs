using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace PAI.Host.Mcp;

/// <summary>Sends progress notifications for a tool call, in order, when the caller asked for them (a progressToken).</summary>
public static class McpProgress
{
    /// <summary>A reporter for the call; one that drops everything when the call carries no progressToken.</summary>
    public static Func<ProgressNotificationValue, Task> For(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Params?.ProgressToken is not { } token)
        {
            return _ => Task.CompletedTask;
        }

        return value => context.Server.NotifyProgressAsync(token, value, cancellationToken: cancellationToken);
    }
}
