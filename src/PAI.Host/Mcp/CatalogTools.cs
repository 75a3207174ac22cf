using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using PAI.Abstractions.Tools;
using PAI.Engine.Agents;
using PAI.Engine.Skills;
using PAI.Host.Apis;

namespace PAI.Host.Mcp;

/// <summary>MCP tools over <c>GET /api/tools</c>, <c>/api/skills</c> and <c>/api/agents</c>: what a plan may name.</summary>
[McpServerToolType]
public sealed class CatalogTools(IToolRegistry tools, ISkillCatalog skills, IAgentCatalog agents, IOptions<JsonOptions> json)
{
    /// <summary>list_tools.</summary>
    [McpServerTool(Name = "list_tools", Title = "List PAI's tools", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("The tools a plan step or skill phase may call (built-in, declared, and those of connected MCP servers), within this key's scopes, with input schemas, permissions, approval, limits: { items, nextCursor }.")]
    public CallToolResult ListTools(ClaimsPrincipal user, [Description("Items per page, 1-500 (default 50).")] int? limit = null, [Description("The nextCursor of the previous page.")] string? cursor = null) =>
        Answer(CatalogApi.ListTools(tools, user, Text(limit), cursor).Result);

    /// <summary>list_skills.</summary>
    [McpServerTool(Name = "list_skills", Title = "List skills", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("The skills a goal may name (submit_goal's 'skill') within this key's scopes, with their input schemas and phases: { items, nextCursor }.")]
    public CallToolResult ListSkills(ClaimsPrincipal user, [Description("Items per page, 1-500 (default 50).")] int? limit = null, [Description("The nextCursor of the previous page.")] string? cursor = null) =>
        Answer(CatalogApi.ListSkills(skills, user, Text(limit), cursor).Result);

    /// <summary>list_agents.</summary>
    [McpServerTool(Name = "list_agents", Title = "List agents", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("The agents steps may run as, with their tool allow-lists: { items, nextCursor }.")]
    public CallToolResult ListAgents([Description("Items per page, 1-500 (default 50).")] int? limit = null, [Description("The nextCursor of the previous page.")] string? cursor = null) =>
        Answer(CatalogApi.ListAgents(agents, Text(limit), cursor).Result);

    private CallToolResult Answer(IResult result) => McpToolResults.From(result, json.Value.SerializerOptions);

    private static string? Text(int? limit) => limit?.ToString(CultureInfo.InvariantCulture);
}
