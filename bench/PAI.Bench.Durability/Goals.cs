using System.Text.Json.Nodes;

namespace PAI.Bench.Durability;

internal static class Goals
{
    public static JsonObject Step(string id, string tool, JsonObject with, params string[] dependsOn) => new()
    {
        ["id"] = id,
        ["tool"] = tool,
        ["with"] = with,
        ["dependsOn"] = new JsonArray(dependsOn.Select(d => (JsonNode)JsonValue.Create(d)).ToArray()),
    };

    public static JsonObject Goal(string title, IEnumerable<JsonObject> steps) => new()
    {
        ["title"] = title,
        ["plan"] = new JsonObject { ["steps"] = new JsonArray(steps.Cast<JsonNode>().ToArray()) },
    };

    /// <summary>A chain of <paramref name="count"/> (short durable wait, append one line) pairs.</summary>
    public static JsonObject AppendChain(int count)
    {
        var steps = new List<JsonObject>();
        string? previous = null;
        for (var i = 1; i <= count; i++)
        {
            steps.Add(Step($"pause{i}", "wait", new JsonObject { ["for"] = "60ms" }, previous is null ? [] : [previous]));
            steps.Add(Step($"append{i}", "file.append", new JsonObject { ["path"] = "out/lines.txt", ["content"] = $"line {i}\n" }, $"pause{i}"));
            previous = $"append{i}";
        }

        return Goal("append chain", steps);
    }

    public static int CountLines(string file)
    {
        try
        {
            return File.Exists(file) ? File.ReadAllLines(file).Length : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
