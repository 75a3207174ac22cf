using System.Text.Json.Nodes;

namespace PAI.Cli.Commands;

/// <summary>What <c>pai goals show</c> prints about a goal's model plan and model usage (nothing for a goal that used
/// no model), read from <c>GET /api/goals/{id}</c>'s <c>planning</c> and <c>usage</c>.</summary>
public static class ModelUsageText
{
    /// <summary>The lines, plain text (escape before printing as markup).</summary>
    public static IReadOnlyList<string> Lines(JsonNode goal)
    {
        ArgumentNullException.ThrowIfNull(goal);
        var lines = new List<string>();
        if (goal["planning"]?["versions"] is JsonArray { Count: > 0 } versions && versions[^1] is JsonObject last && $"{last["source"]}" == "model")
        {
            lines.Add($"plan v{goal["planning"]!["version"]} by model {last["model"]} ({last["attempts"]} answer(s))");
        }

        var usage = goal["usage"];
        if (usage?["total"] is not JsonObject total || Number(total["calls"]) == 0)
        {
            return lines;
        }

        lines.Add($"model usage: {Describe(total)}");
        foreach (var (name, part) in usage["byModel"] as JsonObject ?? [])
        {
            lines.Add($"  model {name}: {Describe(part)}");
        }

        foreach (var (name, part) in usage["byAgent"] as JsonObject ?? [])
        {
            lines.Add($"  agent {name}: {Describe(part)}");
        }

        if (usage["budget"] is JsonObject budget)
        {
            lines.Add($"budget: {budget["maxTokens"]?.ToString() ?? "any"} tokens, {budget["maxTurns"]?.ToString() ?? "any"} turns, deadline {budget["deadline"]?.ToString() ?? "none"}");
        }

        return lines;
    }

    private static string Describe(JsonNode? u) =>
        $"{Number(u?["calls"])} call(s), {Number(u?["inputTokens"])} tokens in, {Number(u?["outputTokens"])} out, {u?["seconds"]?.ToString() ?? "0"} s";

    private static long Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;
}
