using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using PAI.Host.Apis;

namespace PAI.Host.Mcp;

/// <summary>MCP tools over <c>POST /api/goals/{id}/steps/{stepId}/approve</c> and <c>/reject</c>.</summary>
[McpServerToolType]
public sealed class ApprovalTools(IGrainFactory grains, IOptions<JsonOptions> json)
{
    /// <summary>approve_step.</summary>
    [McpServerTool(Name = "approve_step", Title = "Approve a step", Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("Approves a step that waits for a person's approval (status WaitingForApproval); the step then runs. The decision is audited under this key's principal.")]
    public Task<CallToolResult> ApproveStepAsync(ClaimsPrincipal user, [Description("The goal's id.")] string id, [Description("The step's id.")] string stepId) =>
        DecideAsync(user, id, stepId, approve: true);

    /// <summary>reject_step.</summary>
    [McpServerTool(Name = "reject_step", Title = "Reject a step", Destructive = true, Idempotent = false, OpenWorld = false)]
    [Description("Rejects a step that waits for a person's approval; the step fails and the goal with it. The decision is audited under this key's principal.")]
    public Task<CallToolResult> RejectStepAsync(ClaimsPrincipal user, [Description("The goal's id.")] string id, [Description("The step's id.")] string stepId) =>
        DecideAsync(user, id, stepId, approve: false);

    private async Task<CallToolResult> DecideAsync(ClaimsPrincipal user, string id, string stepId, bool approve)
    {
        if (!McpAccess.CanWrite(user))
        {
            return McpAccess.ReadOnly(user);
        }

        return McpToolResults.From((await ApprovalsApi.DecideAsync(id, stepId, user, grains, approve)).Result, json.Value.SerializerOptions);
    }
}
