namespace PAI.Engine.Agents;

/// <summary>The agents this process knows.</summary>
public interface IAgentCatalog
{
    /// <summary>Every agent.</summary>
    IReadOnlyCollection<AgentDefinition> All { get; }

    /// <summary>Looks an agent up by name.</summary>
    bool TryGet(string name, out AgentDefinition agent);
}
