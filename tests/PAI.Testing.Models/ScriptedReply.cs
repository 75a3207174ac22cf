using System.Text.Json.Nodes;

namespace PAI.Testing.Models;

/// <summary>What the scripted server answers one request with.</summary>
public sealed record ScriptedReply
{
    /// <summary>The assistant's text (null with tool calls only).</summary>
    public string? Content { get; init; }

    /// <summary>Function calls the assistant makes.</summary>
    public IReadOnlyList<ScriptedCall> Calls { get; init; } = [];

    /// <summary>An HTTP error status instead of an answer.</summary>
    public int? Status { get; init; }

    /// <summary>The <c>Retry-After</c> header (seconds) sent with an error.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Never answer (until the client gives up or the server is told to let go).</summary>
    public bool Hang { get; init; }

    /// <summary>The answer starts only once this completes (a test holds requests open, then lets them go).</summary>
    public Task? Gate { get; init; }

    /// <summary>A pause before the answer starts.</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>Prompt tokens to report (default: characters / 4).</summary>
    public int? InputTokens { get; init; }

    /// <summary>Completion tokens to report (default: characters / 4).</summary>
    public int? OutputTokens { get; init; }

    /// <summary>A plain text answer.</summary>
    public static ScriptedReply Text(string text) => new() { Content = text };

    /// <summary>A JSON answer (the content is the value's JSON text).</summary>
    public static ScriptedReply Json(JsonNode value) => new() { Content = value.ToJsonString() };

    /// <summary>An answer that calls functions.</summary>
    public static ScriptedReply ToolCalls(params ScriptedCall[] calls) => new() { Calls = calls };

    /// <summary>One function call.</summary>
    public static ScriptedReply Call(string function, JsonObject arguments) => new() { Calls = [new ScriptedCall(function, arguments)] };

    /// <summary>An HTTP error, optionally with <c>Retry-After</c>.</summary>
    public static ScriptedReply Error(int status, TimeSpan? retryAfter = null) => new() { Status = status, RetryAfter = retryAfter };

    /// <summary>A request that is never answered.</summary>
    public static ScriptedReply Hanging() => new() { Hang = true };
}
