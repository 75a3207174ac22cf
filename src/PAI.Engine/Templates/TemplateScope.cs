using System.Text.Json.Nodes;

namespace PAI.Engine.Templates;

/// <summary>The roots a template may name. A root is a JSON value (<c>inputs</c>, <c>phases</c>, ...) or keyed: its
/// members are looked up one by one when an expression names them (<c>steps.&lt;id&gt;</c>), so a goal never parses the
/// outputs of steps nobody references.</summary>
public sealed class TemplateScope
{
    private readonly Dictionary<string, JsonNode?> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<string, JsonNode?>> _keyed = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Root, string Key), JsonNode?> _looked = [];

    /// <summary>The names of every root, for messages.</summary>
    public IEnumerable<string> Names => _values.Keys.Concat(_keyed.Keys).Order(StringComparer.Ordinal);

    /// <summary>A scope whose roots are the members of <paramref name="roots"/>.</summary>
    public static TemplateScope Of(JsonObject roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var scope = new TemplateScope();
        foreach (var (name, value) in roots)
        {
            scope._values[name] = value;
        }

        return scope;
    }

    /// <summary>A plan step's scope: <c>inputs</c> (the goal's inputs) and <c>steps.&lt;id&gt;.output</c>;
    /// <paramref name="stepOutput"/> gives a step's output (null when it has none).</summary>
    public static TemplateScope ForPlan(JsonNode? inputs, Func<string, JsonNode?> stepOutput)
    {
        ArgumentNullException.ThrowIfNull(stepOutput);
        var scope = new TemplateScope();
        scope._values["inputs"] = inputs;
        scope._keyed["steps"] = id => stepOutput(id) is { } output
            ? new JsonObject { ["output"] = output.Parent is null ? output : output.DeepClone() }
            : new JsonObject { ["output"] = null };
        return scope;
    }

    /// <summary>Finds a root: its value, or (for a keyed root) the function that looks up its members.</summary>
    internal bool TryGet(string root, out JsonNode? value, out bool keyed)
    {
        keyed = _keyed.ContainsKey(root);
        value = null;
        return keyed || _values.TryGetValue(root, out value);
    }

    /// <summary>The member <paramref name="key"/> of keyed root <paramref name="root"/>, looked up once per scope.</summary>
    internal JsonNode? Member(string root, string key)
    {
        if (!_looked.TryGetValue((root, key), out var member))
        {
            member = _keyed[root](key);
            _looked[(root, key)] = member;
        }

        return member;
    }
}
