using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;

namespace PAI.Engine.Templates;

/// <summary>
/// The one evaluator of <c>${root.name[index]...}</c> expressions, for plan steps (<c>steps</c>, <c>inputs</c>), skill
/// phases (<c>inputs</c>, <c>phases</c>, <c>item</c>, <c>index</c>, <c>run</c>, <c>goal</c>) and declared tools
/// (<c>inputs</c>). A string that is exactly one expression takes the value with its JSON type; an expression inside
/// longer text is spliced in as text (a string as it is, null as nothing, anything else as its JSON). Linear in the
/// template's length and bounded by <see cref="TemplateLimits"/>; every error is a non-retryable
/// <see cref="ToolException"/> with the same wording wherever the template came from.
/// </summary>
public static class TemplateEvaluator
{
    /// <summary>True when the text holds <c>${</c> (an expression, or an escaped <c>$${</c>).</summary>
    public static bool HasTemplate(string? text) => text is not null && text.Contains("${", StringComparison.Ordinal);

    /// <summary>True when the value is a string holding <c>${</c>: its final value is only known once evaluated.</summary>
    public static bool IsTemplate(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String && HasTemplate(v.GetValue<string>());

    /// <summary>Every expression in the strings of <paramref name="template"/>; throws on the first syntax error.</summary>
    public static IReadOnlyList<TemplateExpression> Find(JsonNode? template)
    {
        var budget = new TemplateBudget();
        var found = new List<TemplateExpression>();
        foreach (var text in Strings(template))
        {
            found.AddRange(TemplateParser.Parse(text, budget).Where(p => p.Expression is not null).Select(p => p.Expression!));
        }

        return found;
    }

    /// <summary>A copy of <paramref name="template"/> with every expression replaced by its value in <paramref name="scope"/>.</summary>
    public static JsonNode? Resolve(JsonNode? template, TemplateScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return Resolve(template, scope, new TemplateBudget());
    }

    /// <summary><see cref="Resolve(JsonNode?, TemplateScope)"/> with the members of <paramref name="roots"/> as roots.</summary>
    public static JsonNode? Resolve(JsonNode? template, JsonObject roots) => Resolve(template, TemplateScope.Of(roots));

    /// <summary>Resolves a plan step's input: <c>${inputs...}</c> and <c>${steps.&lt;id&gt;.output...}</c>.</summary>
    public static JsonNode? Resolve(JsonNode? template, Func<string, JsonNode?> stepOutput, JsonNode? inputs) =>
        Resolve(template, TemplateScope.ForPlan(inputs, stepOutput));

    /// <summary>Resolves a template given as JSON text (null stays null).</summary>
    public static JsonNode? ResolveText(string? templateJson, JsonObject roots) =>
        templateJson is null ? null : Resolve(JsonNode.Parse(templateJson), roots);

    /// <summary>Evaluates one template string such as <c>${inputs.files}</c> or <c>"n=${inputs.n}"</c>.</summary>
    public static JsonNode? Evaluate(string text, JsonObject roots)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ResolveString(text, TemplateScope.Of(roots), new TemplateBudget());
    }

    /// <summary>The value an expression names; throws when the root is unknown or the value does not exist.</summary>
    public static JsonNode? Lookup(TemplateExpression expression, TemplateScope scope)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.TryGet(expression.Root, out var current, out var keyed))
        {
            throw new ToolException(UnknownRoot(expression, scope.Names));
        }

        var path = expression.Path;
        var i = 0;
        if (keyed)
        {
            if (path.Count == 0 || path[0].Name is not { } key)
            {
                throw new ToolException($"'{expression}' must name one of {expression.Root} by name: ${{{expression.Root}.<id>...}}");
            }

            current = scope.Member(expression.Root, key) ?? throw Missing(expression, $"there is no '{key}' in {expression.Root}");
            i = 1;
        }

        for (; i < path.Count; i++)
        {
            var segment = path[i];
            if (segment.Name is { } name)
            {
                current = current is JsonObject obj
                    ? obj.TryGetPropertyValue(name, out var child) ? child : throw Missing(expression, $"{expression.Describe(i)} has no field '{name}'")
                    : throw Missing(expression, $"{expression.Describe(i)} is {KindOf(current)}, not an object");
            }
            else
            {
                current = current is JsonArray array
                    ? segment.Index < array.Count ? array[segment.Index] : throw Missing(expression, $"{expression.Describe(i)} has {array.Count} item(s), so {segment} is out of range")
                    : throw Missing(expression, $"{expression.Describe(i)} is {KindOf(current)}, not a list");
            }
        }

        return current;
    }

    /// <summary>Load-time check of a template that will be evaluated later: its syntax, and that it names only
    /// <paramref name="roots"/>. Returns what is wrong, as messages (the same ones evaluation would give).</summary>
    public static List<string> Check(JsonNode? template, IReadOnlyCollection<string> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        try
        {
            return Find(template).Where(e => !roots.Contains(e.Root)).Select(e => UnknownRoot(e, roots)).Distinct(StringComparer.Ordinal).ToList();
        }
        catch (ToolException ex)
        {
            return [ex.Message];
        }
    }

    /// <summary>The value at a path (<c>a.b[0]</c> or <c>$.a.b[0]</c>) inside <paramref name="value"/>; null when absent.
    /// Throws only when the path itself is malformed.</summary>
    public static JsonNode? Select(JsonNode? value, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var current = value;
        foreach (var segment in TemplateParser.ParsePath(path))
        {
            current = segment.Name is { } name
                ? current is JsonObject obj && obj.TryGetPropertyValue(name, out var child) ? child : null
                : current is JsonArray array && segment.Index < array.Count ? array[segment.Index] : null;
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    private static JsonNode? Resolve(JsonNode? template, TemplateScope scope, TemplateBudget budget)
    {
        switch (template)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    copy[key] = Resolve(value, scope, budget);
                }

                return copy;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    items.Add(Resolve(item, scope, budget));
                }

                return items;
            case JsonValue value when IsTemplate(value):
                return ResolveString(value.GetValue<string>(), scope, budget);
            default:
                return template?.DeepClone();
        }
    }

    private static JsonNode? ResolveString(string text, TemplateScope scope, TemplateBudget budget)
    {
        if (!HasTemplate(text))
        {
            return JsonValue.Create(text);
        }

        var parts = TemplateParser.Parse(text, budget);
        if (parts is [{ Expression: { } whole }])
        {
            var value = Lookup(whole, scope);
            budget.AddResult(JsonSize.AtMost(value, budget.ResultLeft), whole);
            return value?.DeepClone();
        }

        var result = new StringBuilder();
        foreach (var part in parts)
        {
            if (part.Expression is not { } expression)
            {
                result.Append(part.Literal);
                continue;
            }

            var value = Lookup(expression, scope);
            if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            {
                var s = v.GetValue<string>();
                budget.AddResult(s.Length, expression);
                result.Append(s);
            }
            else if (value is not null)
            {
                // Measured first so that a huge value is refused before it is written out.
                var estimate = JsonSize.AtMost(value, budget.ResultLeft);
                budget.AddResult(estimate, expression);
                var json = value.ToJsonString();
                budget.AddResult(json.Length - estimate, expression);
                result.Append(json);
            }
        }

        return JsonValue.Create(result.ToString());
    }

    private static string UnknownRoot(TemplateExpression expression, IEnumerable<string> available)
    {
        var names = available.Order(StringComparer.Ordinal).ToList();
        var plural = expression.Root + "s";
        var hint = names.Contains(plural) ? $"; the root is '{plural}'" : "";
        return $"'{expression}' names '{expression.Root}', which is not available here{hint} (available: {string.Join(", ", names)})";
    }

    private static ToolException Missing(TemplateExpression expression, string why) =>
        new($"'{expression}' names a value that does not exist: {why}");

    private static string KindOf(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "a list",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            _ => "a boolean",
        },
    };

    private static IEnumerable<string> Strings(JsonNode? node)
    {
        var pending = new Stack<JsonNode?>();
        pending.Push(node);
        while (pending.TryPop(out var current))
        {
            switch (current)
            {
                case JsonObject obj:
                    foreach (var (_, value) in obj.Reverse())
                    {
                        pending.Push(value);
                    }

                    break;
                case JsonArray array:
                    for (var i = array.Count - 1; i >= 0; i--)
                    {
                        pending.Push(array[i]);
                    }

                    break;
                case JsonValue value when IsTemplate(value):
                    yield return value.GetValue<string>();
                    break;
            }
        }
    }
}
