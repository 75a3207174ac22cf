namespace PAI.Engine.Skills;

/// <summary>The skills this process knows.</summary>
public interface ISkillCatalog
{
    /// <summary>Every loaded skill.</summary>
    IReadOnlyCollection<SkillTemplate> All { get; }

    /// <summary>Looks a skill up by name.</summary>
    bool TryGet(string name, out SkillTemplate skill);
}
