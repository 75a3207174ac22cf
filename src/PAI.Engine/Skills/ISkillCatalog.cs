namespace PAI.Engine.Skills;

/// <summary>The skills this process knows (built-in and the user folder, reloaded when a file changes).</summary>
public interface ISkillCatalog
{
    /// <summary>Every loaded skill, by name.</summary>
    IReadOnlyCollection<SkillDefinition> All { get; }

    /// <summary>Files that failed to load, with the reason (file:line: field: message).</summary>
    IReadOnlyList<string> Errors { get; }

    /// <summary>Looks a skill up by name (its newest loaded version).</summary>
    bool TryGet(string name, out SkillDefinition skill);
}
