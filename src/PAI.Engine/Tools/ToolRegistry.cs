using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Tools;

namespace PAI.Engine.Tools;

/// <summary>The tools registered in DI as <see cref="ITool"/>, those of every <see cref="IToolSource"/> (taken at start)
/// and those every <see cref="IDynamicToolSource"/> has at the moment (MCP servers' tools), by name (case-sensitive, as
/// plans spell them), with configured overrides applied to their descriptors.</summary>
public sealed class ToolRegistry : IToolRegistry
{
    private readonly FrozenDictionary<string, ITool> byName;
    private readonly IDynamicToolSource[] dynamicSources;
    private readonly Dictionary<string, ToolOverride> overrides;
    private readonly IReadOnlyCollection<ITool> fixedTools;

    /// <summary>Builds the registry from tools alone.</summary>
    public ToolRegistry(IEnumerable<ITool> tools)
        : this(tools, [], Options.Create(new ToolsOptions()))
    {
    }

    /// <summary>Builds the registry with no dynamic sources.</summary>
    public ToolRegistry(IEnumerable<ITool> tools, IEnumerable<IToolSource> sources, IOptions<ToolsOptions> options)
        : this(tools, sources, [], options)
    {
    }

    /// <summary>Builds the registry; two fixed tools with one name is a configuration error.</summary>
    public ToolRegistry(IEnumerable<ITool> tools, IEnumerable<IToolSource> sources, IEnumerable<IDynamicToolSource> dynamicSources, IOptions<ToolsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var map = new Dictionary<string, ITool>(StringComparer.Ordinal);
        foreach (var tool in tools.Concat(sources.SelectMany(s => s.Tools)))
        {
            if (!map.TryAdd(tool.Descriptor.Name, tool) && map[tool.Descriptor.Name].GetType() != tool.GetType())
            {
                throw new InvalidOperationException(
                    $"two tools are named '{tool.Descriptor.Name}': {map[tool.Descriptor.Name].GetType().Name} and {tool.GetType().Name}");
            }
        }

        overrides = options.Value.Overrides;
        foreach (var (name, change) in overrides)
        {
            if (map.TryGetValue(name, out var tool))
            {
                map[name] = new ConfiguredTool(tool, change.Apply(tool.Descriptor));
            }
        }

        byName = map.ToFrozenDictionary(StringComparer.Ordinal);
        fixedTools = [.. byName.Values.OrderBy(t => t.Descriptor.Name, StringComparer.Ordinal)];
        this.dynamicSources = [.. dynamicSources];
    }

    /// <inheritdoc />
    public IReadOnlyCollection<ITool> All => dynamicSources.Length == 0
        ? fixedTools
        : [.. fixedTools.Concat(dynamicSources.SelectMany(s => s.Tools).Where(t => !byName.ContainsKey(t.Descriptor.Name)).Select(Configure))
            .OrderBy(t => t.Descriptor.Name, StringComparer.Ordinal)];

    /// <inheritdoc />
    public bool TryGet(string name, out ITool tool)
    {
        if (byName.TryGetValue(name, out tool!))
        {
            return true;
        }

        foreach (var source in dynamicSources)
        {
            if (source.TryGet(name, out var found))
            {
                tool = Configure(found);
                return true;
            }
        }

        return false;
    }

    private ITool Configure(ITool tool) =>
        overrides.TryGetValue(tool.Descriptor.Name, out var change) ? new ConfiguredTool(tool, change.Apply(tool.Descriptor)) : tool;
}
