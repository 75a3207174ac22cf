using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PAI.Abstractions.Tools;

namespace PAI.Engine.Skills;

/// <summary>
/// <c>${root.a.b[0]}</c> expressions inside skill (and declared tool) templates, evaluated against a JSON object of
/// roots: <c>inputs</c>, <c>phases</c>, <c>item</c>, <c>index</c>, <c>run</c>, <c>goal</c> (or <c>input</c> for declared
/// tools). A string that is exactly one expression takes the value with its JSON type; inside longer text the value
/// is spliced in as text.
/// </summary>
public static partial class SkillExpressions
{
    [GeneratedRegex(@"\$\{\s*([^}]+?)\s*\}", RegexOptions.CultureInvariant)]
    private static partial Regex ExpressionPattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_-]*((?:\.[^.\[\]]+|\[\d+\])*)$", RegexOptions.CultureInvariant)]
    private static partial Regex PathPattern();

    [GeneratedRegex(@"\.([^.\[\]]+)|\[(\d+)\]", RegexOptions.CultureInvariant)]
    private static partial Regex SegmentPattern();

    /// <summary>Replaces every expression in the template; throws a non-retryable <see cref="ToolException"/> for one that
    /// names nothing.</summary>
    public static JsonNode? Resolve(JsonNode? template, JsonObject roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        switch (template)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    copy[key] = Resolve(value, roots);
                }

                return copy;
            case JsonArray array:
                return new JsonArray(array.Select(i => Resolve(i, roots)).ToArray());
            case JsonValue value when value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Contains("${", StringComparison.Ordinal):
                return ResolveString(value.GetValue<string>(), roots);
            default:
                return template?.DeepClone();
        }
    }

    /// <summary>Resolves a template given as JSON text (null stays null).</summary>
    public static JsonNode? ResolveText(string? templateJson, JsonObject roots) =>
        templateJson is null ? null : Resolve(JsonNode.Parse(templateJson), roots);

    /// <summary>Evaluates a single expression string such as <c>${inputs.files}</c>.</summary>
    public static JsonNode? Evaluate(string text, JsonObject roots) => ResolveString(text, roots);

    /// <summary>Walks a dotted path (<c>a.b[0]</c>, optionally starting with <c>$.</c>) inside a value; null when absent.</summary>
    public static JsonNode? Walk(JsonNode? root, string path)
    {
        var normalized = path.StartsWith("$.", StringComparison.Ordinal) ? path[1..] : "." + path;
        var current = root;
        foreach (Match segment in SegmentPattern().Matches(normalized))
        {
            if (segment.Groups[1].Success)
            {
                current = current is JsonObject obj && obj.TryGetPropertyValue(segment.Groups[1].Value, out var child) ? child : null;
            }
            else
            {
                var i = int.Parse(segment.Groups[2].Value, CultureInfo.InvariantCulture);
                current = current is JsonArray array && i < array.Count ? array[i] : null;
            }

            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    private static JsonNode? ResolveString(string text, JsonObject roots)
    {
        var matches = ExpressionPattern().Matches(text);
        if (matches.Count == 1 && matches[0].Index == 0 && matches[0].Length == text.Length)
        {
            return Lookup(matches[0].Groups[1].Value, roots)?.DeepClone();
        }

        return JsonValue.Create(ExpressionPattern().Replace(text, m => Lookup(m.Groups[1].Value, roots) switch
        {
            null => "",
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            var other => other.ToJsonString(),
        }));
    }

    private static JsonNode? Lookup(string expression, JsonObject roots)
    {
        if (!PathPattern().IsMatch(expression))
        {
            throw new ToolException($"'${{{expression}}}' is not an expression: use ${{inputs.x}}, ${{phases.<id>.x}}, ${{item}}, ${{index}} or ${{run.temp}}");
        }

        var dot = expression.IndexOfAny(['.', '[']);
        var rootName = dot < 0 ? expression : expression[..dot];
        if (!roots.TryGetPropertyValue(rootName, out var root))
        {
            throw new ToolException($"'${{{expression}}}' names '{rootName}', which is not available here (available: {string.Join(", ", roots.Select(r => r.Key))})");
        }

        if (dot < 0)
        {
            return root;
        }

        var value = Walk(root, "$" + expression[dot..].Replace("$", "", StringComparison.Ordinal));
        return value ?? throw new ToolException($"'${{{expression}}}' names a value that does not exist");
    }
}
