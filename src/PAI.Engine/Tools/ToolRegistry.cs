using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Tools;

namespace PAI.Engine.Tools;

/// <summary>The tools registered in DI as <see cref="ITool"/> and those of every <see cref="IToolSource"/>, by name
/// (case-sensitive, as plans spell them), with configured overrides applied to their descriptors.</summary>
public sealed class ToolRegistry : IToolRegistry
{
    private readonly FrozenDictionary<string, ITool> byName;

    /// <summary>Builds the registry from tools alone.</summary>
    public ToolRegistry(IEnumerable<ITool> tools)
        : this(tools, [], Options.Create(new ToolsOptions()))
    {
    }

    /// <summary>Builds the registry; two tools with one name is a configuration error.</summary>
    public ToolRegistry(IEnumerable<ITool> tools, IEnumerable<IToolSource> sources, IOptions<ToolsOptions> options)
    {
        var map = new Dictionary<string, ITool>(StringComparer.Ordinal);
        foreach (var tool in tools.Concat(sources.SelectMany(s => s.Tools)))
        {
            if (!map.TryAdd(tool.Descriptor.Name, tool) && map[tool.Descriptor.Name].GetType() != tool.GetType())
            {
                throw new InvalidOperationException(
                    $"two tools are named '{tool.Descriptor.Name}': {map[tool.Descriptor.Name].GetType().Name} and {tool.GetType().Name}");
            }
        }

        foreach (var (name, change) in options.Value.Overrides)
        {
            if (map.TryGetValue(name, out var tool))
            {
                map[name] = new ConfiguredTool(tool, change.Apply(tool.Descriptor));
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
