using System.ComponentModel;
using PAI.Engine.Skills;

namespace PAI.Host.Apis.Models;

/// <summary>One phase of a skill (main, verify, commit or cleanup).</summary>
public sealed record SkillPhaseResponse(
    string Id,
    [property: Description("What the phase does (Tool, Prompt, Skill, Verify, ...).")] string Kind,
    string? Tool,
    [property: Description("The sub-skill, for a Skill phase.")] string? Skill,
    [property: Description("An expression naming a list: the phase runs once per item.")] string? Foreach,
    [property: Description("The check, for a verify phase.")] string? Check,
    [property: Description("Verify: on failure, run again from this phase.")] string? RetryFrom)
{
    /// <summary>From the definition's phase.</summary>
    public static SkillPhaseResponse From(SkillPhase p) =>
        new(p.Id, p.Kind.ToString(), p.Tool, p.Skill, p.Foreach, p.Check?.ToString(), p.RetryFrom);
}
