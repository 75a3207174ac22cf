using System.Text.Json.Nodes;
using PAI.Bench.Hosting;

namespace PAI.Bench.Durability;

internal static class Goals
{
    /// <summary>A chain of <paramref name="count"/> (short durable wait, append one line) pairs.</summary>
    public static JsonObject AppendChain(int count)
    {
        var steps = new List<JsonObject>();
        string? previous = null;
        for (var i = 1; i <= count; i++)
        {
            steps.Add(GoalJson.Step($"pause{i}", "wait", new JsonObject { ["for"] = "60ms" }, previous is null ? [] : [previous]));
            steps.Add(GoalJson.Step($"append{i}", "file.append", new JsonObject { ["path"] = "out/lines.txt", ["content"] = $"line {i}\n" }, $"pause{i}"));
            previous = $"append{i}";
        }

        return GoalJson.Goal("append chain", steps);
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
