using System.Text.Json.Nodes;

namespace PAI.Mcp.Tests.Infrastructure;

/// <summary>Goal bodies the MCP tests submit (the same JSON as <c>POST /api/goals</c>).</summary>
public static class McpPlans
{
    /// <summary>echo, then a one-second wait: a goal with a few transitions to watch.</summary>
    public static JsonObject EchoThenWait(string title) => new()
    {
        ["title"] = title,
        ["plan"] = new JsonObject
        {
            ["steps"] = new JsonArray(
                new JsonObject { ["id"] = "greet", ["tool"] = "echo", ["with"] = new JsonObject { ["text"] = "hello over MCP" } },
                new JsonObject { ["id"] = "pause", ["tool"] = "wait", ["with"] = new JsonObject { ["for"] = "1s" }, ["dependsOn"] = new JsonArray("greet") }),
        },
    };

    /// <summary>echo, then an echo that waits for a person's approval.</summary>
    public static JsonObject GreetThenGate(string title) => new()
    {
        ["title"] = title,
        ["plan"] = new JsonObject
        {
            ["steps"] = new JsonArray(
                new JsonObject { ["id"] = "greet", ["tool"] = "echo", ["with"] = new JsonObject { ["text"] = "hello over MCP" } },
                new JsonObject { ["id"] = "gate", ["tool"] = "echo", ["with"] = new JsonObject { ["text"] = "approved" }, ["approval"] = true, ["dependsOn"] = new JsonArray("greet") }),
        },
    };

    /// <summary>Sets <paramref name="name"/> on <paramref name="goal"/> and returns it.</summary>
    public static JsonObject With(this JsonObject goal, string name, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(goal);
        goal[name] = value;
        return goal;
    }

    /// <summary>One echo step that waits for a person's approval.</summary>
    public static JsonObject NeedsApproval(string title) => new()
    {
        ["title"] = title,
        ["plan"] = new JsonObject
        {
            ["steps"] = new JsonArray(new JsonObject { ["id"] = "gate", ["tool"] = "echo", ["with"] = new JsonObject { ["text"] = "approved" }, ["approval"] = true }),
        },
    };
}
