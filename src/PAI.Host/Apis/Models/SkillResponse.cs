using System.ComponentModel;
using System.Text.Json.Nodes;
using PAI.Engine.Skills;

namespace PAI.Host.Apis.Models;

/// <summary>A skill as <c>GET /api/skills</c> lists it.</summary>
public sealed record SkillResponse(
    string Name,
    string Version,
    string Description,
    [property: Description("Words that make a free-form goal pick this skill.")] IReadOnlyList<string> Triggers,
    [property: Description("The agent its model phases run as.")] string? Agent,
    [property: Description("JSON Schema of the skill's inputs.")] JsonNode? InputSchema,
    IReadOnlyList<SkillPhaseResponse> Phases,
    IReadOnlyList<SkillPhaseResponse> Verify,
    IReadOnlyList<SkillPhaseResponse> Commit,
    IReadOnlyList<SkillPhaseResponse> Cleanup,
    [property: Description("Where it was loaded from: 'builtin:<name>' or a file path.")] string Source)
{
    /// <summary>From the loaded definition.</summary>
    public static SkillResponse From(SkillDefinition s) => new(
        s.Name,
        s.Version,
        s.Description,
        s.Triggers,
        s.Agent,
        JsonText.ToNode(s.InputSchema),
        s.Phases.Select(SkillPhaseResponse.From).ToList(),
        s.Verify.Select(SkillPhaseResponse.From).ToList(),
        s.Commit.Select(SkillPhaseResponse.From).ToList(),
        s.Cleanup.Select(SkillPhaseResponse.From).ToList(),
        s.Source);
}
