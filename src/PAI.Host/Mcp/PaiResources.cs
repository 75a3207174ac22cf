using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using PAI.Abstractions.Storage;
using PAI.Engine.Skills;
using PAI.Host.Apis;
using PAI.Host.Apis.Models;

namespace PAI.Host.Mcp;

/// <summary>
/// MCP resources: the caller's goals and the skills, as the same JSON the HTTP API answers
/// (<c>pai://goals</c>, <c>pai://goals/{id}</c>, <c>pai://skills</c>, <c>pai://skills/{name}</c>).
/// </summary>
[McpServerResourceType]
public sealed class PaiResources(IGrainFactory grains, IGoalIndex index, ISkillCatalog skills, IOptions<JsonOptions> json)
{
    /// <summary>pai://goals.</summary>
    [McpServerResource(UriTemplate = "pai://goals", Name = "goals", Title = "Goals", MimeType = "application/json")]
    [Description("The caller's 50 newest goals (an admin key sees everyone's), as GET /api/goals answers: { items, nextCursor }.")]
    public async Task<string> GoalsAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        Json((await GoalsApi.ListAsync(user, index, null, null, null, cancellationToken)).Result, "goals");

    /// <summary>pai://goals/{id}.</summary>
    [McpServerResource(UriTemplate = "pai://goals/{id}", Name = "goal", Title = "A goal", MimeType = "application/json")]
    [Description("One goal with its steps, outputs and result, as GET /api/goals/{id} answers.")]
    public async Task<string> GoalAsync(ClaimsPrincipal user, string id) =>
        Json((await GoalsApi.GetAsync(id, user, grains)).Result, $"goals/{id}");

    /// <summary>pai://skills.</summary>
    [McpServerResource(UriTemplate = "pai://skills", Name = "skills", Title = "Skills", MimeType = "application/json")]
    [Description("Every loaded skill with its input schema and phases, as GET /api/skills answers (all pages).")]
    public string Skills() =>
        JsonSerializer.Serialize(skills.All.OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Version, StringComparer.Ordinal).Select(SkillResponse.From).ToList(), json.Value.SerializerOptions);

    /// <summary>pai://skills/{name}.</summary>
    [McpServerResource(UriTemplate = "pai://skills/{name}", Name = "skill", Title = "A skill", MimeType = "application/json")]
    [Description("One skill (its newest version) with its input schema and phases.")]
    public string Skill(string name) =>
        skills.TryGet(name, out var skill)
            ? JsonSerializer.Serialize(SkillResponse.From(skill), json.Value.SerializerOptions)
            : throw new McpProtocolException($"no skill '{Shorten(name)}'", McpErrorCode.ResourceNotFound);

    private string Json(IResult result, string what) => result switch
    {
        IValueHttpResult { Value: { } value } when result is not ProblemHttpResult => JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions),
        ProblemHttpResult { StatusCode: StatusCodes.Status404NotFound } => throw new McpProtocolException($"no resource pai://{Shorten(what)}", McpErrorCode.ResourceNotFound),
        ProblemHttpResult problem => throw new McpProtocolException($"{problem.ProblemDetails.Title}: {problem.ProblemDetails.Detail}", McpErrorCode.InvalidParams),
        _ => throw new McpException($"unexpected answer {result.GetType().Name}"),
    };

    private static string Shorten(string text) => text.Length > 100 ? string.Concat(text.AsSpan(0, 100), "…") : text;
}
