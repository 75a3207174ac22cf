using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using PAI.Abstractions.Audit;

namespace PAI.Host.Mcp;

/// <summary>
/// One audit entry per MCP tool call and resource read, under the calling key's principal, with the outcome; the
/// arguments are kept as a digest only, as for every audited tool call. What the tools then do (a goal submitted, a
/// step approved) is audited by the engine as for HTTP.
/// </summary>
public static class McpAuditFilters
{
    private const int MaxDetail = 500;

    /// <summary>Wraps <c>tools/call</c>.</summary>
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Tools(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (context, cancellationToken) =>
        {
            var name = context.Params?.Name ?? "";
            var arguments = JsonSerializer.Serialize(context.Params?.Arguments ?? new Dictionary<string, JsonElement>());
            CallToolResult result;
            try
            {
                result = await next(context, cancellationToken);
            }
            catch (Exception ex)
            {
                var outcome = ex is OperationCanceledException && cancellationToken.IsCancellationRequested ? "cancelled" : "failed";
                await AppendAsync(context, AuditKinds.McpToolCall, name, arguments, GoalOf(context.Params, null), outcome, ex.Message);
                throw;
            }

            var detail = result.IsError is true ? result.Content.OfType<TextContentBlock>().FirstOrDefault()?.Text : null;
            await AppendAsync(context, AuditKinds.McpToolCall, name, arguments, GoalOf(context.Params, result), McpToolResults.Outcome(result), detail);
            return result;
        };

    /// <summary>Wraps <c>resources/read</c>.</summary>
    public static McpRequestHandler<ReadResourceRequestParams, ReadResourceResult> Resources(McpRequestHandler<ReadResourceRequestParams, ReadResourceResult> next) =>
        async (context, cancellationToken) =>
        {
            var uri = context.Params?.Uri ?? "";
            try
            {
                var result = await next(context, cancellationToken);
                await AppendAsync(context, AuditKinds.McpResourceRead, uri, uri, null, "ok", null);
                return result;
            }
            catch (Exception ex)
            {
                await AppendAsync(context, AuditKinds.McpResourceRead, uri, uri, null, "failed", ex.Message);
                throw;
            }
        };

    private static async Task AppendAsync<T>(RequestContext<T> context, string kind, string name, string arguments, string? goalId, string outcome, string? detail)
    {
        McpServerTelemetry.Calls.Add(
            1,
            new KeyValuePair<string, object?>("kind", kind == AuditKinds.McpToolCall ? "tool" : "resource"),
            new KeyValuePair<string, object?>("name", kind == AuditKinds.McpToolCall ? name : null),
            new KeyValuePair<string, object?>("outcome", outcome));
        var audit = context.Services?.GetService<IAuditStore>();
        if (audit is null || context.User?.Identity?.Name is not { } principal)
        {
            return;
        }

        var shortDetail = detail is { Length: > MaxDetail } ? detail[..MaxDetail] : detail;
        await audit.AppendAsync(
            new AuditRecord(kind, principal, goalId, Tool: Shorten(name), ArgumentsDigest: AuditChain.Digest(arguments), Outcome: outcome, Detail: shortDetail),
            CancellationToken.None);
    }

    /// <summary>The goal a call was about: its <c>id</c> argument, or the <c>id</c> of the goal it submitted.</summary>
    private static string? GoalOf(CallToolRequestParams? call, CallToolResult? result)
    {
        if (call?.Arguments?.TryGetValue("id", out var id) == true && id.ValueKind == JsonValueKind.String)
        {
            return Shorten(id.GetString()!);
        }

        return call?.Name == SubmitGoalTool.Name
            && result is { IsError: not true, StructuredContent: { ValueKind: JsonValueKind.Object } content }
            && content.TryGetProperty("id", out var submitted) && submitted.ValueKind == JsonValueKind.String
            ? submitted.GetString()
            : null;
    }

    private static string Shorten(string text) => text.Length > 200 ? text[..200] : text;
}
