using System.Diagnostics.CodeAnalysis;
using PAI.Abstractions.Tools;

namespace PAI.Engine.Tools;

/// <summary>
/// Tools that come and go while the process runs (those of connected MCP servers): the registry asks on every lookup
/// instead of taking them once at start. Names must not collide with the fixed tools' (which win).
/// </summary>
public interface IDynamicToolSource
{
    /// <summary>The tools there are now.</summary>
    IEnumerable<ITool> Tools { get; }

    /// <summary>Looks a tool up by name, as it is now.</summary>
    bool TryGet(string name, [MaybeNullWhen(false)] out ITool tool);
}
