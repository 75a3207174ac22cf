using System.Collections.Frozen;
using PAI.Abstractions.Tools;

namespace PAI.Engine.Tools;

/// <summary>The tools registered in DI as <see cref="ITool"/>, by name (case-sensitive, as plans spell them).</summary>
public sealed class ToolRegistry : IToolRegistry
{
    private readonly FrozenDictionary<string, ITool> byName;

    /// <summary>Builds the registry; two tools with one name is a configuration error.</summary>
    public ToolRegistry(IEnumerable<ITool> tools)
    {
        var map = new Dictionary<string, ITool>(StringComparer.Ordinal);
        foreach (var tool in tools)
        {
            if (!map.TryAdd(tool.Descriptor.Name, tool) && map[tool.Descriptor.Name].GetType() != tool.GetType())
            {
                throw new InvalidOperationException(
                    $"two tools are named '{tool.Descriptor.Name}': {map[tool.Descriptor.Name].GetType().Name} and {tool.GetType().Name}");
            }
        }

        byName = map.ToFrozenDictionary(StringComparer.Ordinal);
        All = [.. byName.Values.OrderBy(t => t.Descriptor.Name, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public IReadOnlyCollection<ITool> All { get; }

    /// <inheritdoc />
    public bool TryGet(string name, out ITool tool) => byName.TryGetValue(name, out tool!);
}
