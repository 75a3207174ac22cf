using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using PAI.Abstractions.Storage;
using PAI.Host.Apis;

namespace PAI.Host.Mcp;

/// <summary>
/// MCP tools over the goals API: each calls the same handler as its HTTP endpoint (docs/api.md), so validation, who
/// sees which goal and the answers' shapes are the HTTP contract's. <c>submit_goal</c> is <see cref="SubmitGoalTool"/>.
/// </summary>
[McpServerToolType]
public sealed class GoalTools(IGrainFactory grains, IGoalIndex index, GoalWaiter waiter, IOptions<JsonOptions> json)
{
    /// <summary>get_goal: GET /api/goals/{id}.</summary>
    [McpServerTool(Name = "get_goal", Title = "Get a goal", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("A goal with its status, every step's status, attempts, output and error, and its result. Same shape as GET /api/goals/{id}.")]
    public async Task<CallToolResult> GetGoalAsync(ClaimsPrincipal user, [Description("The goal's id.")] string id) =>
        McpToolResults.From((await GoalsApi.GetAsync(id, user, grains)).Result, json.Value.SerializerOptions);

    /// <summary>list_goals: GET /api/goals.</summary>
    [McpServerTool(Name = "list_goals", Title = "List goals", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("The caller's goals, newest first (an admin key sees everyone's), one page at a time: { items, nextCursor }.")]
    public async Task<CallToolResult> ListGoalsAsync(
        ClaimsPrincipal user,
        [Description("Only goals with this status: Planning, Running, WaitingForApproval, Succeeded, Failed or Cancelled.")] string? status = null,
        [Description("Items per page, 1-500 (default 50).")] int? limit = null,
        [Description("The nextCursor of the previous page.")] string? cursor = null,
        CancellationToken cancellationToken = default)
    {
        var page = await GoalsApi.ListAsync(user, index, status, limit?.ToString(CultureInfo.InvariantCulture), cursor, cancellationToken);
        return McpToolResults.From(page.Result, json.Value.SerializerOptions);
    }

    /// <summary>cancel_goal: POST /api/goals/{id}/cancel.</summary>
    [McpServerTool(Name = "cancel_goal", Title = "Cancel a goal", Destructive = true, Idempotent = true, OpenWorld = false)]
    [Description("Cancels a goal and its running steps (their cleanup still runs). A goal already finished is a 409 error.")]
    public async Task<CallToolResult> CancelGoalAsync(ClaimsPrincipal user, [Description("The goal's id.")] string id)
    {
        if (!McpAccess.CanWrite(user))
        {
            return McpAccess.ReadOnly(user);
        }

        return McpToolResults.From((await GoalsApi.CancelAsync(id, user, grains)).Result, json.Value.SerializerOptions);
    }

    /// <summary>watch_goal: follows a goal with progress notifications until it finishes.</summary>
    [McpServerTool(Name = "watch_goal", Title = "Watch a goal", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Follows a goal until it finishes, sending a progress notification for every transition (when the call has a progressToken), then answers the goal as get_goal does. At the time limit the goal is answered as it is; call again to keep watching.")]
    public Task<CallToolResult> WatchGoalAsync(
        RequestContext<CallToolRequestParams> context,
        ClaimsPrincipal user,
        [Description("The goal's id.")] string id,
        [Description("How long to watch, in seconds (1-3600, default 300).")] int? timeoutSeconds = null,
        CancellationToken cancellationToken = default)
    {
        if (timeoutSeconds is { } seconds && (seconds < 1 || seconds > GoalWaiter.MaxLimit.TotalSeconds))
        {
            return Task.FromResult(McpToolResults.Failure(StatusCodes.Status422UnprocessableEntity, "Invalid argument", $"timeoutSeconds: must be from 1 to {GoalWaiter.MaxLimit.TotalSeconds}"));
        }

        var limit = timeoutSeconds is { } s ? TimeSpan.FromSeconds(s) : GoalWaiter.DefaultLimit;
        return waiter.WaitAsync(id, user, limit, McpProgress.For(context, cancellationToken), cancellationToken);
    }
}
