using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PAI.Abstractions.Tools;
using PAI.Engine.Agents;
using PAI.Engine.Skills;
using PAI.Host.Apis.Json;
using PAI.Host.Apis.Models;
using PAI.Host.Apis.Paging;

using PAI.Host.Auth;

namespace PAI.Host.Apis;

/// <summary><c>GET /api/tools</c>, <c>/api/skills</c>, <c>/api/skills/errors</c> and <c>/api/agents</c>: what a plan may name.</summary>
public static class CatalogApi
{
    /// <summary>Maps the catalog endpoints.</summary>
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Catalog");
        api.MapGet("/tools", ListTools).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        // Several versions of a skill may be loaded: the key is name and version.
        api.MapGet("/skills", ListSkills).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/skills/errors", (ISkillCatalog skills, [Description("Items per page, 1-500 (default 50).")] string? limit, [Description("The nextCursor of the previous page.")] string? cursor) =>
            List("skill-errors", limit, cursor, q => InMemoryPager.Page(skills.Errors.Select((e, i) => (Error: e, Index: i)), x => x.Index.ToString("D10", System.Globalization.CultureInfo.InvariantCulture), q, "skill-errors", x => new SkillErrorResponse(x.Error))))
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/agents", ListAgents).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>GET /api/tools: the tools in the key's scopes (also MCP's <c>list_tools</c>).</summary>
    public static Results<Ok<Page<ToolResponse>>, ProblemHttpResult> ListTools(
        IToolRegistry tools,
        ClaimsPrincipal user,
        [Description("Items per page, 1-500 (default 50).")] string? limit,
        [Description("The nextCursor of the previous page.")] string? cursor) =>
        List("tools", limit, cursor, q => InMemoryPager.Page(tools.All.Select(t => t.Descriptor).Where(d => user.Scopes().AllowsTool(d.Name)), d => d.Name, q, "tools", ToolResponse.From));

    /// <summary>GET /api/skills: the skills in the key's scopes (also MCP's <c>list_skills</c>).</summary>
    public static Results<Ok<Page<SkillResponse>>, ProblemHttpResult> ListSkills(
        ISkillCatalog skills,
        ClaimsPrincipal user,
        [Description("Items per page, 1-500 (default 50).")] string? limit,
        [Description("The nextCursor of the previous page.")] string? cursor) =>
        List("skills", limit, cursor, q => InMemoryPager.Page(skills.All.Where(s => user.Scopes().AllowsSkill(s.Name)), s => s.Name + "\0" + s.Version, q, "skills", SkillResponse.From));

    /// <summary>GET /api/agents (also MCP's <c>list_agents</c>).</summary>
    public static Results<Ok<Page<AgentResponse>>, ProblemHttpResult> ListAgents(
        IAgentCatalog agents,
        [Description("Items per page, 1-500 (default 50).")] string? limit,
        [Description("The nextCursor of the previous page.")] string? cursor) =>
        List("agents", limit, cursor, q => InMemoryPager.Page(agents.All, a => a.Name, q, "agents", AgentResponse.From));

    /// <summary>Parses paging parameters and answers one page, or 422 naming the bad parameter.</summary>
    internal static Results<Ok<Page<T>>, ProblemHttpResult> List<T>(string list, string? limit, string? cursor, Func<PageQuery, Page<T>> page)
    {
        var errors = new List<FieldError>();
        var query = PageQuery.Parse(limit, cursor, list, 1, errors);
        return errors.Count > 0 ? ApiProblems.Invalid("Invalid query", errors) : TypedResults.Ok(page(query));
    }
}
