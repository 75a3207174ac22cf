using System.Text.Json.Nodes;

namespace PAI.Testing.Models;

/// <summary>A request the scripted server received, with the parts scripts decide by.</summary>
public sealed class ScriptedRequest
{
    internal ScriptedRequest(string path, JsonObject body, DateTimeOffset at)
    {
        Path = path;
        Body = body;
        At = at;
        Messages = body["messages"] as JsonArray ?? [];
    }

    /// <summary>The request path (<c>/v1/chat/completions</c>, <c>/v1/embeddings</c>).</summary>
    public string Path { get; }

    /// <summary>The JSON body.</summary>
    public JsonObject Body { get; }

    /// <summary>When it arrived.</summary>
    public DateTimeOffset At { get; }

    /// <summary>The chat messages.</summary>
    public JsonArray Messages { get; }

    /// <summary>The model asked for.</summary>
    public string? Model => Body["model"]?.GetValue<string>();

    /// <summary>Whether a streamed answer was asked for.</summary>
    public bool Stream => Body["stream"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    /// <summary>The system prompt(s), joined.</summary>
    public string System => string.Join("\n", Messages.Where(m => Role(m) is "system" or "developer").Select(Text));

    /// <summary>The last user message's text.</summary>
    public string LastUser => Messages.LastOrDefault(m => Role(m) == "user") is { } m ? Text(m) : "";

    /// <summary>Every user message's text, joined.</summary>
    public string AllUser => string.Join("\n", Messages.Where(m => Role(m) == "user").Select(Text));

    /// <summary>Tool results sent back so far (the contents of <c>tool</c> messages), in order.</summary>
    public IReadOnlyList<string> ToolResults => Messages.Where(m => Role(m) == "tool").Select(Text).ToList();

    /// <summary>Assistant messages in the conversation so far.</summary>
    public int AssistantTurns => Messages.Count(m => Role(m) == "assistant");

    /// <summary>The function names offered.</summary>
    public IReadOnlyList<string> Tools => (Body["tools"] as JsonArray ?? []).Select(t => t?["function"]?["name"]?.GetValue<string>() ?? "").ToList();

    /// <summary>The response format type asked for (<c>json_schema</c>, <c>json_object</c>, or null).</summary>
    public string? ResponseFormat => Body["response_format"]?["type"]?.GetValue<string>();

    /// <summary>The JSON schema asked for, if any.</summary>
    public JsonNode? JsonSchema => Body["response_format"]?["json_schema"]?["schema"];

    private static string? Role(JsonNode? message) => message?["role"]?.GetValue<string>();

    private static string Text(JsonNode? message) => message?["content"] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? "")),
        _ => "",
    };
}
