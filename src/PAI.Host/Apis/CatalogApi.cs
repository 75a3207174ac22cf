using System.Security.Claims;
using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;
using PAI.Engine.Agents;
using PAI.Engine.Skills;
using PAI.Host.Auth;

namespace PAI.Host.Apis;

/// <summary><c>GET /api/tools</c> and <c>GET /api/skills</c>: what a plan may name (for a key with scopes, what is in them).</summary>
public static class CatalogApi
{
    /// <summary>Maps the catalog endpoints.</summary>
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/tools", (IToolRegistry tools, ClaimsPrincipal user) => TypedResults.Ok(tools.All
            .Where(t => user.Scopes().AllowsTool(t.Descriptor.Name))
            .OrderBy(t => t.Descriptor.Name, StringComparer.Ordinal)
            .Select(t => new
            {
                name = t.Descriptor.Name,
                description = t.Descriptor.Description,
                permission = t.Descriptor.Permission,
                approval = t.Descriptor.NeedsApproval,
                defaultTimeout = t.Descriptor.DefaultTimeout,
                maxOutputBytes = t.Descriptor.MaxOutputBytes,
                rateLimit = t.Descriptor.RateLimit is { } r
                    ? new { permits = r.Permits, window = r.Window, scope = r.PerPrincipal ? "principal" : "global", onLimit = r.Refuse ? "refuse" : "delay" }
                    : null,
                inputSchema = JsonNode.Parse(t.Descriptor.InputSchema),
                outputSchema = t.Descriptor.OutputSchema is { } o ? JsonNode.Parse(o) : null,
            }))).WithTags("Catalog");
        app.MapGet("/api/skills", (ISkillCatalog skills, ClaimsPrincipal user) => TypedResults.Ok(new
        {
            skills = skills.All.Where(s => user.Scopes().AllowsSkill(s.Name)).Select(s => new
            {
                name = s.Name,
                version = s.Version,
                description = s.Description,
                triggers = s.Triggers,
                agent = s.Agent,
                inputSchema = JsonNode.Parse(s.InputSchema),
                phases = s.Phases.Select(p => new { id = p.Id, kind = p.Kind.ToString(), tool = p.Tool, skill = p.Skill, @foreach = p.Foreach }),
                verify = s.Verify.Select(v => new { id = v.Id, check = v.Check.ToString(), retryFrom = v.RetryFrom }),
                commit = s.Commit.Select(c => new { id = c.Id, kind = c.Kind.ToString(), tool = c.Tool }),
                cleanup = s.Cleanup.Select(c => new { id = c.Id, tool = c.Tool }),
                source = s.Source,
            }),
            errors = skills.Errors,
        })).WithTags("Catalog");
        app.MapGet("/api/agents", (IAgentCatalog agents) => TypedResults.Ok(agents.All.Select(a => new
        {
            name = a.Name,
            model = a.Model,
            tools = a.Tools,
            memoryScope = a.MemoryScope,
            concurrency = a.Concurrency,
        }))).WithTags("Catalog");
        return app;
    }
}
