using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PAI.Abstractions.Tools;

namespace PAI.Engine.Planning;

/// <summary>
/// <c>${steps.&lt;id&gt;.output.a.b[0]}</c> and <c>${inputs.x}</c> references inside step inputs: finding them at plan
/// time and replacing them at dispatch time. A string that is exactly one reference takes the referenced JSON value
/// (type preserved); a reference inside a longer string is spliced in as text.
/// </summary>
public static partial class References
{
    [GeneratedRegex(@"\$\{\s*([^}]+?)\s*\}", RegexOptions.CultureInvariant)]
    private static partial Regex ReferencePattern();

    [GeneratedRegex(@"^steps\.([A-Za-z0-9][A-Za-z0-9_.-]*?)\.output((?:\.[^.\[\]]+|\[\d+\])*)$", RegexOptions.CultureInvariant)]
    private static partial Regex StepReferencePattern();

    [GeneratedRegex(@"^inputs((?:\.[^.\[\]]+|\[\d+\])*)$", RegexOptions.CultureInvariant)]
    private static partial Regex InputReferencePattern();

    [GeneratedRegex(@"\.([^.\[\]]+)|\[(\d+)\]", RegexOptions.CultureInvariant)]
    private static partial Regex SegmentPattern();

    /// <summary>True when the text holds at least one reference.</summary>
    public static bool Contains(string? text) => text is not null && text.Contains("${", StringComparison.Ordinal);

    /// <summary>Every reference expression in the JSON, and for each whether it is well formed and which step it names.</summary>
    public static IEnumerable<(string Expression, string? StepId, bool WellFormed)> Find(JsonNode? node)
    {
        foreach (var text in Strings(node))
        {
            foreach (Match m in ReferencePattern().Matches(text))
            {
                var expression = m.Groups[1].Value;
                var step = StepReferencePattern().Match(expression);
                if (step.Success)
                {
                    yield return (expression, step.Groups[1].Value, true);
                }
                else
                {
                    yield return (expression, null, InputReferencePattern().IsMatch(expression));
                }
            }
        }
    }

    /// <summary>Replaces every reference; throws a non-retryable <see cref="ToolException"/> for one that cannot be resolved.</summary>
    public static JsonNode? Resolve(JsonNode? node, Func<string, JsonNode?> stepOutput, JsonNode? inputs)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    copy[key] = Resolve(value, stepOutput, inputs);
                }

                return copy;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    items.Add(Resolve(item, stepOutput, inputs));
                }

                return items;
            case JsonValue value when value.TryGetValue<string>(out var text) && Contains(text):
                return ResolveString(text, stepOutput, inputs);
            default:
                return node?.DeepClone();
        }
    }

    private static JsonNode? ResolveString(string text, Func<string, JsonNode?> stepOutput, JsonNode? inputs)
    {
        var matches = ReferencePattern().Matches(text);
        if (matches.Count == 1 && matches[0].Index == 0 && matches[0].Length == text.Length)
        {
            return Evaluate(matches[0].Groups[1].Value, stepOutput, inputs)?.DeepClone();
        }

        return JsonValue.Create(ReferencePattern().Replace(text, m =>
        {
            var value = Evaluate(m.Groups[1].Value, stepOutput, inputs);
            return value switch
            {
                null => "",
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                _ => value.ToJsonString(),
            };
        }));
    }

    private static JsonNode? Evaluate(string expression, Func<string, JsonNode?> stepOutput, JsonNode? inputs)
    {
        var step = StepReferencePattern().Match(expression);
        if (step.Success)
        {
            return Walk(stepOutput(step.Groups[1].Value), step.Groups[2].Value, expression);
        }

        var input = InputReferencePattern().Match(expression);
        if (input.Success)
        {
            return Walk(inputs, input.Groups[1].Value, expression);
        }

        throw new ToolException($"'${{{expression}}}' is not a reference: use ${{steps.<id>.output...}} or ${{inputs...}}");
    }

    private static JsonNode? Walk(JsonNode? root, string path, string expression)
    {
        var current = root;
        foreach (Match segment in SegmentPattern().Matches(path))
        {
            current = segment.Groups[1].Success
                ? current is JsonObject obj && obj.TryGetPropertyValue(segment.Groups[1].Value, out var child) ? child : throw Missing(expression)
                : current is JsonArray array && int.Parse(segment.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) is var i && i < array.Count ? array[i] : throw Missing(expression);
        }

        return current;
    }

    private static ToolException Missing(string expression) => new($"reference '${{{expression}}}' names a value that does not exist");

    private static IEnumerable<string> Strings(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj)
                {
                    foreach (var s in Strings(value))
                    {
                        yield return s;
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    foreach (var s in Strings(item))
                    {
                        yield return s;
                    }
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                yield return text;
                break;
        }
    }
}
