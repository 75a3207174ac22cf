using Microsoft.Extensions.Logging;

namespace PAI.Mcp.Client.Servers;

/// <summary>Log messages of <see cref="McpServerConnection"/>; header and environment values never appear in them.</summary>
public sealed partial class McpServerConnection
{
    [LoggerMessage(Level = LogLevel.Information, Message = "MCP server {Server} connected with {Tools} tool(s)")]
    private static partial void LogConnected(ILogger logger, string server, int tools);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server {Server} disconnected ({Reason}); reconnecting")]
    private static partial void LogDropped(ILogger logger, string server, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server {Server}: connecting failed ({Reason}); next try in {Delay}")]
    private static partial void LogConnectFailed(ILogger logger, string server, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server {Server}: a call found the connection broken; reconnecting")]
    private static partial void LogBroken(ILogger logger, string server);

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP server {Server} changed its tools: {Tools} tool(s) now")]
    private static partial void LogRefreshed(ILogger logger, string server, int tools);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server {Server}: tool {Tool} skipped: {Reason}")]
    private static partial void LogToolSkipped(ILogger logger, string server, string tool, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MCP server {Server} stderr: {Line}")]
    private static partial void LogServerError(ILogger logger, string server, string line);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MCP server {Server}: call of {Tool} sent for {IdempotencyKey}")]
    private static partial void LogSent(ILogger logger, string server, string tool, string idempotencyKey);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MCP server {Server}: closing the session failed: {Reason}")]
    private static partial void LogDisposeFailed(ILogger logger, string server, string reason);
}
