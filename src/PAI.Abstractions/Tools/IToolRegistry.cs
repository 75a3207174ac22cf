namespace PAI.Abstractions.Tools;

/// <summary>The tools this process knows.</summary>
public interface IToolRegistry
{
    /// <summary>Every tool, by name.</summary>
    IReadOnlyCollection<ITool> All { get; }

    /// <summary>Looks a tool up by name.</summary>
    bool TryGet(string name, out ITool tool);
}
