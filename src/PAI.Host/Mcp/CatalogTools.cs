using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using PAI.Abstractions.Tools;
using PAI.Engine.Agents;
using PAI.Engine.Skills;
using PAI.Host.Apis;
using PAI.Host.Apis.Models;
using PAI.Host.Apis.Paging;

namespace PAI.Host.Mcp;

/// <summary>MCP tools over <c>GET /api/tools</c>, <c>/api/skills</c> and <c>/api/agents</c>: what a plan may name.</summary>
[McpServerToolType]
public sealed class CatalogTools(IToolRegistry tools, ISkillCatalog skills, IAgentCatalog agents, IOptions<JsonOptions> json)
{
    /// <summary>list_tools.</summary>
    [McpServerTool(Name = "list_tools", Title = "List PAI's tools", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("The tools a plan step or skill phase may call (built-in, declared, and mcp.<server>.<tool> from connected MCP servers), with input schemas, permissions, approval, limits: { items, nextCursor }.")]
    public CallToolResult ListTools([Description("Items per page, 1-500 (default 50).")] int? limit = null, [Description("The nextCursor of the previous page.")] string? cursor = null) =>
        Answer(CatalogApi.List("tools", Text(limit), cursor, q => InMemoryPager.Page(tools.All.Select(t => t.Descriptor), d => d.Name, q, "tools", ToolResponse.From)).Result);

    /// <summary>list_skills.</summary>
    [McpServerTool(Name = "list_skills", Title = "List skills", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("The skills a goal may name (submit_goal's 'skill'), with their input schemas and phases: { items, nextCursor }.")]
    public CallToolResult ListSkills([Description("Items per page, 1-500 (default 50).")] int? limit = null, [Description("The nextCursor of the previous page.")] string? cursor = null) =>
        Answer(CatalogApi.List("skills", Text(limit), cursor, q => InMemoryPager.Page(skills.All, s => s.Name + "\0" + s.Version, q, "skills", SkillResponse.From)).Result);

    /// <summary>list_agents.</summary>
    [McpServerTool(Name = "list_agents", Title = "List agents", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("The agents steps may run as, with their tool allow-lists: { items, nextCursor }.")]
    public CallToolResult ListAgents([Description("Items per page, 1-500 (default 50).")] int? limit = null, [Description("The nextCursor of the previous page.")] string? cursor = null) =>
        Answer(CatalogApi.List("agents", Text(limit), cursor, q => InMemoryPager.Page(agents.All, a => a.Name, q, "agents", AgentResponse.From)).Result);

    private CallToolResult Answer(IResult result) => McpToolResults.From(result, json.Value.SerializerOptions);

    private static string? Text(int? limit) => limit?.ToString(CultureInfo.InvariantCulture);
}
