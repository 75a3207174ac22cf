namespace PAI.Engine.Skills;

/// <summary>A skill with its sub-skills inlined: three flat lists of items, each with a key unique in the run
/// (<c>phase</c>, or <c>sub.phase</c> inside a sub-skill) and the scope whose inputs and outputs it sees.</summary>
public sealed class SkillRunPlan
{
    private const int MaxDepth = 5;

    /// <summary>Main phases and verify checks, in order.</summary>
    public List<SkillRunItem> Main { get; } = [];

    /// <summary>Publishes and deferred effects.</summary>
    public List<SkillRunItem> Commit { get; } = [];

    /// <summary>Checks of what the commit published.</summary>
    public List<SkillRunItem> VerifyPublished { get; } = [];

    /// <summary>Cleanup phases.</summary>
    public List<SkillRunItem> Cleanup { get; } = [];

    /// <summary>Inlines <paramref name="root"/> and its sub-skills; <paramref name="resolve"/> finds a sub-skill by name.</summary>
    public static SkillRunPlan Expand(SkillDefinition root, Func<string, SkillDefinition?> resolve)
    {
        ArgumentNullException.ThrowIfNull(root);
        var plan = new SkillRunPlan();
        plan.Add(root, "", resolve, 0);
        return plan;
    }

    /// <summary>Every sub-skill name the skill uses, recursively.</summary>
    public static IEnumerable<string> SubSkills(SkillDefinition skill) => skill.Phases.Where(p => p.Kind == PhaseKind.Skill).Select(p => p.Skill!);

    private void Add(SkillDefinition skill, string scope, Func<string, SkillDefinition?> resolve, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException($"skill '{skill.Name}': sub-skills nest deeper than {MaxDepth} levels (a cycle?)");
        }

        foreach (var phase in skill.Phases)
        {
            var key = scope + phase.Id;
            if (phase.Kind == PhaseKind.Skill)
            {
                var sub = resolve(phase.Skill!) ?? throw new FormatException($"skill '{skill.Name}' phase '{phase.Id}': unknown sub-skill '{phase.Skill}'");
                Main.Add(new SkillRunItem(key, scope, phase with { Kind = PhaseKind.EnterSkill }, sub));
                Add(sub, key + ".", resolve, depth + 1);
                Main.Add(new SkillRunItem(key, scope, phase with { Kind = PhaseKind.ExitSkill }, sub));
            }
            else
            {
                Main.Add(new SkillRunItem(key, scope, phase, null));
            }
        }

        Main.AddRange(skill.Verify.Select(v => new SkillRunItem(scope + v.Id, scope, v, null)));
        Commit.AddRange(skill.Commit.Select(c => new SkillRunItem(scope + c.Id, scope, c, null)));
        VerifyPublished.AddRange(skill.PublishedChecks.Select(v => new SkillRunItem(scope + v.Id, scope, v, null)));
        Cleanup.AddRange(skill.Cleanup.Select(c => new SkillRunItem(scope + c.Id, scope, c, null)));
    }
}
