using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;
using PAI.Engine.Skills;

namespace PAI.Host.Apis;

/// <summary><c>GET /api/tools</c> and <c>GET /api/skills</c>: what a plan may name.</summary>
public static class CatalogApi
{
    /// <summary>Maps the catalog endpoints.</summary>
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/tools", (IToolRegistry tools) => TypedResults.Ok(tools.All
            .OrderBy(t => t.Descriptor.Name, StringComparer.Ordinal)
            .Select(t => new
            {
                name = t.Descriptor.Name,
                description = t.Descriptor.Description,
                permission = t.Descriptor.Permission,
                defaultTimeout = t.Descriptor.DefaultTimeout,
                inputSchema = JsonNode.Parse(t.Descriptor.InputSchema),
            }))).WithTags("Catalog");
        app.MapGet("/api/skills", (ISkillCatalog skills) => TypedResults.Ok(skills.All.Select(s => new
        {
            name = s.Name,
            version = s.Version,
            description = s.Description,
            inputs = s.Inputs,
            steps = s.Steps.Select(st => new { id = st.Id, tool = st.Tool, dependsOn = st.DependsOn }),
        }))).WithTags("Catalog");
        return app;
    }
}
