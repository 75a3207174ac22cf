using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using PAI.Abstractions.Tools;
using PAI.Mcp.Client.Servers;

namespace PAI.Mcp.Client.Tools;

/// <summary>
/// One tool of a connected MCP server, as a PAI tool named <c>mcp.&lt;server&gt;.&lt;tool&gt;</c>. Callers reach it only
/// through the tool invoker (allow-list, permission, approval, rate limit, timeout, output cap, audit); this class adds
/// what is particular to MCP: it waits (within the attempt's timeout) for a server that is reconnecting, and it never
/// calls a non-idempotent tool again after an interrupted call (see <see cref="McpCallGuard"/>).
/// </summary>
public sealed class McpTool : ITool
{
    private readonly McpServerConnection _server;
    private readonly bool _idempotent;
    private readonly string[] _required;

    /// <summary>Creates the tool.</summary>
    /// <param name="server">The connection it calls through.</param>
    /// <param name="remoteName">The tool's name on the server.</param>
    /// <param name="description">The server's description.</param>
    /// <param name="inputSchema">The server's input schema (JSON).</param>
    public McpTool(McpServerConnection server, string remoteName, string description, string inputSchema)
    {
        ArgumentNullException.ThrowIfNull(server);
        _server = server;
        RemoteName = remoteName;
        var declaration = server.Declaration;
        _idempotent = declaration.IsIdempotent(remoteName);
        _required = RequiredProperties(inputSchema);
        Descriptor = new ToolDescriptor(
            McpToolNames.Of(server.Name, remoteName),
            description,
            inputSchema,
            declaration.Permission ?? McpToolNames.Prefix + server.Name,
            declaration.Timeout,
            McpToolOutput.Schema,
            RateLimit: null,
            declaration.MaxOutputBytes,
            declaration.NeedsApproval(remoteName));
    }

    /// <summary>The tool's name on its server.</summary>
    public string RemoteName { get; }

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(JsonObject input)
    {
        ArgumentNullException.ThrowIfNull(input);

        // The server checks the values; what can be told at plan time is a missing required argument.
        return [.. _required.Where(name => !input.ContainsKey(name)).Select(name => $"'{name}' is required by {Descriptor.Name}")];
    }

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = McpCallGuard.Key(Descriptor.Name);
        if (McpCallGuard.Refusal(context.Checkpoint.Get(key), _idempotent, Descriptor.Name, _server.Name, RemoteName) is { } refusal)
        {
            McpClientTelemetry.Calls.Add(1, new("server", _server.Name), new("outcome", "unknown"));
            throw new ToolException(refusal, retryable: false);
        }

        // A server that is (re)connecting is waited for within the attempt's timeout; nothing was sent yet, so a
        // timeout here is an ordinary, retryable failure.
        var session = await _server.WaitConnectedAsync(cancellationToken);
        if (!session.Has(RemoteName))
        {
            throw new ToolException($"MCP server '{_server.Name}' has no tool '{RemoteName}' (any more)", retryable: false);
        }

        await context.Checkpoint.SetAsync(key, McpCallGuard.SentMark(context.Attempt), cancellationToken);
        _server.NoteSent(RemoteName, context.IdempotencyKey);
        CallToolResult result;
        try
        {
            result = await session.Client.CallToolAsync(
                new CallToolRequestParams { Name = RemoteName, Arguments = McpToolOutput.Arguments(context.Input) },
                cancellationToken);
        }
        catch (McpProtocolException ex) when (ex.ErrorCode is McpErrorCode.InvalidParams or McpErrorCode.MethodNotFound)
        {
            // The server refused the call itself (bad arguments, no such tool): it did not run the tool.
            await context.Checkpoint.SetAsync(key, McpCallGuard.FailedMark(context.Attempt), CancellationToken.None);
            McpClientTelemetry.Calls.Add(1, new("server", _server.Name), new("outcome", "refused"));
            throw new ToolException($"MCP server '{_server.Name}' refused the call of '{RemoteName}': {ex.Message}", retryable: false, ex);
        }
        catch (McpProtocolException ex) when (ex.ErrorCode != McpErrorCode.InternalError)
        {
            // Refused before the tool ran, at the session's level (e.g. a restarted HTTP server that no longer knows the
            // session): a new session may well succeed, and calling again repeats nothing.
            await context.Checkpoint.SetAsync(key, McpCallGuard.FailedMark(context.Attempt), CancellationToken.None);
            _server.ReportBroken(session);
            McpClientTelemetry.Calls.Add(1, new("server", _server.Name), new("outcome", "refused"));
            throw new ToolException($"MCP server '{_server.Name}' refused the request for '{RemoteName}' ({ex.Message}); reconnecting", retryable: true, ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The connection broke mid-call, or the server failed inside the call (a JSON-RPC internal error): the outcome
            // is unknown (the mark stays "sent"); reconnect for the next call.
            _server.ReportBroken(session);
            McpClientTelemetry.Calls.Add(1, new("server", _server.Name), new("outcome", "broken"));
            throw new ToolException($"the call of '{RemoteName}' on MCP server '{_server.Name}' ended without a result: {ex.Message}", retryable: true, ex);
        }

        if (result.IsError is true)
        {
            await context.Checkpoint.SetAsync(key, McpCallGuard.FailedMark(context.Attempt), CancellationToken.None);
            McpClientTelemetry.Calls.Add(1, new("server", _server.Name), new("outcome", "error"));
            throw new ToolException(McpToolOutput.Error(Descriptor.Name, result), retryable: false);
        }

        await context.Checkpoint.SetAsync(key, McpCallGuard.DoneMark(context.Attempt), CancellationToken.None);
        McpClientTelemetry.Calls.Add(1, new("server", _server.Name), new("outcome", "ok"));
        return McpToolOutput.From(result);
    }

    private static string[] RequiredProperties(string schema)
    {
        try
        {
            return JsonNode.Parse(schema) is JsonObject { } root && root["required"] is JsonArray required
                ? [.. required.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>()]
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
