namespace PAI.Engine.Skills.Running;

/// <summary>A run's pinned skill texts, parsed once per run: the skill itself and its expanded plan.</summary>
internal sealed class SkillRunDefinition
{
    private SkillRunDefinition(SkillDefinition root, SkillRunPlan plan)
    {
        Root = root;
        Plan = plan;
    }

    /// <summary>The skill the step names.</summary>
    public SkillDefinition Root { get; }

    /// <summary>Its phases with sub-skills inlined.</summary>
    public SkillRunPlan Plan { get; }

    /// <summary>Parses every pinned text once; throws <see cref="FormatException"/> for one that no longer parses.</summary>
    public static SkillRunDefinition Load(SkillRunState run)
    {
        var parsed = new Dictionary<string, SkillDefinition>(StringComparer.Ordinal);
        foreach (var (name, text) in run.Sources)
        {
            parsed[name] = SkillLoader.Parse(text, $"run:{name}" + (name == run.Skill ? $"@{run.SkillVersion}" : ""));
        }

        var root = parsed.GetValueOrDefault(run.Skill) ?? throw new FormatException($"the run of skill '{run.Skill}' holds no text for it");
        return new SkillRunDefinition(root, SkillRunPlan.Expand(root, parsed.GetValueOrDefault));
    }
}
