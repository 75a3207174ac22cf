using System.Text.Json.Nodes;

namespace PAI.Bench.Hosting;

/// <summary>Goal bodies for <c>POST /api/goals</c>.</summary>
public static class GoalJson
{
    /// <summary>A plan step calling <paramref name="tool"/> with <paramref name="with"/> after <paramref name="dependsOn"/>.</summary>
    public static JsonObject Step(string id, string tool, JsonObject with, params string[] dependsOn) => new()
    {
        ["id"] = id,
        ["tool"] = tool,
        ["with"] = with,
        ["dependsOn"] = new JsonArray(dependsOn.Select(d => (JsonNode)JsonValue.Create(d)).ToArray()),
    };

    /// <summary>A goal with an explicit plan of <paramref name="steps"/>.</summary>
    public static JsonObject Goal(string title, IEnumerable<JsonObject> steps) => new()
    {
        ["title"] = title,
        ["plan"] = new JsonObject { ["steps"] = new JsonArray(steps.Cast<JsonNode>().ToArray()) },
    };

    /// <summary><paramref name="count"/> echo steps, each after the one before when <paramref name="chained"/>, else independent.</summary>
    public static JsonObject Echoes(string title, int count, bool chained) =>
        Goal(title, Enumerable.Range(0, count).Select(i =>
            Step($"s{i}", "echo", new JsonObject { ["i"] = i }, chained && i > 0 ? [$"s{i - 1}"] : [])));
}
