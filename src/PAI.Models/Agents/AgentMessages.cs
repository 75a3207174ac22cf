using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using PAI.Engine.Agents;

namespace PAI.Models.Agents;

/// <summary>Turns a transcript into the messages a model reads, and a model's answer into the next turn. Pure.</summary>
internal static class AgentMessages
{
    /// <summary>The most function calls one turn may make; more are answered with an error.</summary>
    public const int MaxCallsPerTurn = 16;

    /// <summary>The default system prompt of an agent that has none.</summary>
    public static string DefaultSystem(string agent, AgentRunKind kind) => kind == AgentRunKind.Judge
        ? "You are a strict judge. Answer PASS or FAIL, then one sentence why."
        : $"You are '{agent}', an agent of PAI. Use the tools when they help. When you are done, answer with the result itself, without calling a tool.";

    /// <summary>System prompt, the task, then every turn with its calls and their results.</summary>
    public static List<ChatMessage> Build(string system, string prompt, AgentTranscript transcript)
    {
        var messages = new List<ChatMessage> { new(ChatRole.System, system), new(ChatRole.User, prompt) };
        foreach (var turn in transcript.Turns)
        {
            var contents = new List<AIContent>();
            if (!string.IsNullOrEmpty(turn.Text))
            {
                contents.Add(new TextContent(turn.Text));
            }

            foreach (var call in turn.Calls)
            {
                contents.Add(new FunctionCallContent(call.CallId, call.Function, Arguments(call.Arguments)));
            }

            messages.Add(new ChatMessage(ChatRole.Assistant, contents));
            var results = turn.Calls.Where(c => c.Result is not null).Select(c => (AIContent)new FunctionResultContent(c.CallId, c.Result)).ToList();
            if (results.Count > 0)
            {
                messages.Add(new ChatMessage(ChatRole.Tool, results));
            }
        }

        return messages;
    }

    /// <summary>The turn a model's answer makes, with its calls mapped to tools (unknown names keep a null tool).</summary>
    public static AgentTurn ToTurn(ChatResponse response, int number, FunctionNames names)
    {
        var turn = new AgentTurn { Number = number, Text = response.Text is { Length: > 0 } text ? text : null };
        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        for (var i = 0; i < calls.Count; i++)
        {
            var call = calls[i];
            var key = "c" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var entry = new AgentCall
            {
                CallId = string.IsNullOrEmpty(call.CallId) ? $"call_{number}_{i}" : call.CallId,
                Key = key,
                Function = call.Name,
                Tool = names.Tool(call.Name),
                Arguments = call.Exception is null ? ArgumentsJson(call.Arguments) : "{}",
            };
            if (call.Exception is not null)
            {
                (entry.Result, entry.Status) = ("error: the arguments are not valid JSON", "refused");
            }
            else if (i >= MaxCallsPerTurn)
            {
                (entry.Result, entry.Status) = ($"error: at most {MaxCallsPerTurn} calls per turn", "refused");
            }

            turn.Calls.Add(entry);
        }

        return turn;
    }

    private static string ArgumentsJson(IDictionary<string, object?>? arguments) =>
        arguments is null ? "{}" : JsonSerializer.SerializeToNode(arguments, AIJsonUtilities.DefaultOptions)?.ToJsonString() ?? "{}";

    private static Dictionary<string, object?> Arguments(string json)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (JsonNode.Parse(json) is JsonObject o)
        {
            foreach (var (key, value) in o)
            {
                result[key] = value is null ? null : JsonSerializer.Deserialize<JsonElement>(value.ToJsonString());
            }
        }

        return result;
    }
}
