using System.Text.Json.Nodes;
using PAI.Engine.Templates;

namespace PAI.Engine.Skills;

/// <summary>Load-time check of every <c>${...}</c> in a skill: syntax, and roots that exist where they are used, so
/// that a mistake (or the old singular <c>${input.x}</c>) is reported when the file loads, naming line and phase,
/// rather than when a run reaches the phase.</summary>
internal static class SkillTemplates
{
    private static readonly string[] PhaseRoots = ["inputs", "phases", "run", "goal"];
    private static readonly string[] ForeachRoots = [.. PhaseRoots, "item", "index"];
    private static readonly string[] OutputRoots = [.. PhaseRoots, "published"];

    /// <summary>Throws a <see cref="FormatException"/> for the first template that cannot be evaluated.</summary>
    public static void Check(SkillDefinition skill)
    {
        foreach (var phase in skill.AllPhases)
        {
            var roots = phase.Foreach is not null ? ForeachRoots : skill.PublishedChecks.Contains(phase) ? OutputRoots : PhaseRoots;
            Throw(skill, phase, "foreach", phase.Foreach is null ? [] : TemplateEvaluator.Check(JsonValue.Create(phase.Foreach), PhaseRoots));
            Throw(skill, phase, "with", phase.With is null ? [] : TemplateEvaluator.Check(JsonNode.Parse(phase.With), roots));
            Throw(skill, phase, "prompt", phase.Prompt is null ? [] : TemplateEvaluator.Check(JsonValue.Create(phase.Prompt), roots));
        }

        if (skill.Output is not null && TemplateEvaluator.Check(JsonNode.Parse(skill.Output), OutputRoots) is [var problem, ..])
        {
            throw new FormatException($"{skill.Source}: field 'output': {problem}");
        }
    }

    private static void Throw(SkillDefinition skill, SkillPhase phase, string field, List<string> problems)
    {
        if (problems is [var problem, ..])
        {
            throw new FormatException($"{skill.Source}:{phase.Line}: phase '{phase.Id}' field '{field}': {problem}");
        }
    }
}
