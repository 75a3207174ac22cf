using System.Globalization;
using System.Text.Json.Nodes;
using PAI.Abstractions.Goals;

namespace PAI.Models.Planning;

/// <summary>
/// Reads a plan a model wrote, in the contract's plan shape (<c>{ "steps": [ { "id", "tool" | "skill" | "task", "with",
/// "dependsOn", "agent", "retry", "timeout", "approval" } ] }</c>), into the engine's <see cref="PlanSpec"/>. Shape errors
/// name their field like the HTTP API's; meaning is checked afterwards by the same validation a submitted plan gets.
/// </summary>
public static class PlanJson
{
    private static readonly HashSet<string> StepFields = new(StringComparer.Ordinal) { "id", "tool", "skill", "task", "with", "dependsOn", "agent", "retry", "timeout", "approval" };

    /// <summary>The JSON schema of a plan, for structured output.</summary>
    public const string Schema = """
        {"type":"object","additionalProperties":false,"required":["steps"],"properties":{"steps":{"type":"array","minItems":1,"items":{
          "type":"object","additionalProperties":false,"required":["id"],"properties":{
            "id":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"},
            "tool":{"type":"string"},"skill":{"type":"string"},"task":{"type":"string"},
            "with":{"type":"object"},"dependsOn":{"type":"array","items":{"type":"string"}},
            "agent":{"type":"string"},"timeout":{"type":"string"},"approval":{"type":"boolean"},
            "retry":{"type":"object","properties":{"maxAttempts":{"type":"integer"},"backoff":{"type":"string"}}}}}}}}
        """;

    /// <summary>Parses a plan; null and the errors when its shape is wrong.</summary>
    public static PlanSpec? Parse(JsonNode? node, out List<PlanError> errors)
    {
        errors = [];
        var steps = node switch
        {
            JsonObject o when o["steps"] is JsonArray a => a,
            JsonObject { Count: > 0 } o when o["plan"] is JsonObject p && p["steps"] is JsonArray inner => inner,
            JsonArray a => a,
            _ => null,
        };
        if (steps is null)
        {
            errors.Add(new("plan", "the answer is not a plan: expected a JSON object { \"steps\": [ ... ] }"));
            return null;
        }

        var specs = new List<StepSpec>(steps.Count);
        for (var i = 0; i < steps.Count; i++)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"plan.steps[{i}]");
            if (steps[i] is not JsonObject step)
            {
                errors.Add(new(at, "a step is a JSON object"));
                continue;
            }

            foreach (var unknown in step.Select(p => p.Key).Where(k => !StepFields.Contains(k)))
            {
                errors.Add(new($"{at}.{unknown}", $"unknown field '{unknown}'"));
            }

            specs.Add(new StepSpec(
                Text(step, "id", at, errors) ?? "",
                Text(step, "tool", at, errors),
                Text(step, "skill", at, errors),
                step["with"] switch
                {
                    null => null,
                    JsonObject with => with.ToJsonString(),
                    _ => Error<string?>(errors, $"{at}.with", "'with' must be a JSON object"),
                },
                step["dependsOn"] switch
                {
                    null => [],
                    JsonArray deps => deps.Select(d => d is JsonValue v && v.TryGetValue<string>(out var s) ? s : "").ToList(),
                    _ => Error<List<string>>(errors, $"{at}.dependsOn", "'dependsOn' must be a list of step ids") ?? [],
                },
                Retry(step, at, errors),
                Duration(Text(step, "timeout", at, errors), $"{at}.timeout", errors),
                step["approval"] is JsonValue approval && approval.TryGetValue<bool>(out var b) && b,
                Text(step, "agent", at, errors),
                Text(step, "task", at, errors)));
        }

        return errors.Count == 0 ? new PlanSpec(specs) : null;
    }

    private static RetrySpec? Retry(JsonObject step, string at, List<PlanError> errors)
    {
        if (step["retry"] is not JsonObject retry)
        {
            return null;
        }

        var attempts = retry["maxAttempts"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : RetrySpec.Default.MaxAttempts;
        return new RetrySpec(attempts, Duration(Text(retry, "backoff", at + ".retry", errors), $"{at}.retry.backoff", errors));
    }

    private static string? Text(JsonObject node, string field, string at, List<PlanError> errors) => node[field] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => Error<string?>(errors, $"{at}.{field}", $"'{field}' must be a string"),
    };

    private static TimeSpan? Duration(string? text, string at, List<PlanError> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (DurationParser.TryParse(text, out var duration))
        {
            return duration;
        }

        errors.Add(new(at, $"'{(text.Length > 40 ? text[..40] + "…" : text)}' is not a duration (use '00:00:30' or '30s')"));
        return null;
    }

    private static T Error<T>(List<PlanError> errors, string path, string message)
    {
        errors.Add(new(path, message));
        return default!;
    }
}
