using PAI.Abstractions.Tools;

namespace PAI.Engine.Tools;

/// <summary>Tools that are not DI services of their own (e.g. those declared in YAML files).</summary>
public interface IToolSource
{
    /// <summary>The tools.</summary>
    IEnumerable<ITool> Tools { get; }
}
