using PAI.Abstractions.Steps;

namespace PAI.Engine.Skills.Running;

/// <summary>Starts a run: pins the skill's text and its sub-skills' texts (a run keeps the version it started with)
/// and checks the inputs against the skill's schema.</summary>
internal static class SkillRunStart
{
    /// <summary>The new run's state, or null with the reason it cannot start.</summary>
    public static SkillRunState? Pin(StepWork work, ISkillCatalog skills, out string? error)
    {
        error = null;
        if (!skills.TryGet(work.Skill!, out var skill))
        {
            error = $"unknown skill '{work.Skill}'";
            return null;
        }

        var sources = new Dictionary<string, string>(StringComparer.Ordinal) { [skill.Name] = skill.Text };
        var pending = new Queue<SkillDefinition>([skill]);
        while (pending.TryDequeue(out var next))
        {
            foreach (var name in SkillRunPlan.SubSkills(next))
            {
                if (sources.ContainsKey(name))
                {
                    continue;
                }

                if (!skills.TryGet(name, out var sub))
                {
                    error = $"skill '{next.Name}' uses unknown sub-skill '{name}'";
                    return null;
                }

                sources[name] = sub.Text;
                pending.Enqueue(sub);
            }
        }

        var problems = skill.ValidateInputs(work.Input);
        if (problems.Count > 0)
        {
            error = $"skill '{skill.Name}' inputs: {string.Join("; ", problems)}";
            return null;
        }

        return new SkillRunState
        {
            Version = SkillRunState.CurrentVersion,
            Skill = skill.Name,
            SkillVersion = skill.Version,
            Sources = sources,
            Inputs = skill.WithDefaults(work.Input),
        };
    }
}
