using System.ComponentModel;
using System.Text.Json.Nodes;
using PAI.Models.Agents;

namespace PAI.Host.Apis.Models;

/// <summary>One agent run of a step (a task, a skill's prompt phase or judge check): its turns and what they cost.</summary>
public sealed record TranscriptResponse(
    [property: Description("Where in the step the run is: 'task' for a task step, the phase's key for a skill's phase.")] string Scope,
    string? Model,
    DateTimeOffset StartedAt,
    [property: Description("Model calls the run made.")] long Calls,
    long InputTokens,
    long OutputTokens,
    [property: Description("Seconds spent waiting for the model.")] double Seconds,
    [property: Description("The model's turns, oldest first.")] IReadOnlyList<TranscriptTurnResponse> Turns)
{
    /// <summary>From a saved transcript kept under <paramref name="scope"/>.</summary>
    public static TranscriptResponse From(string scope, AgentTranscript t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new(scope, t.Model, t.StartedAt, t.Calls, t.InputTokens, t.OutputTokens, Math.Round(t.ModelTime.TotalSeconds, 3),
            [.. t.Turns.Select(TranscriptTurnResponse.From)]);
    }
}

/// <summary>One model turn: the text it wrote and the tool calls it made.</summary>
public sealed record TranscriptTurnResponse(int Number, string? Text, IReadOnlyList<TranscriptCallResponse> Calls)
{
    /// <summary>From a saved turn.</summary>
    public static TranscriptTurnResponse From(AgentTurn turn) => new(turn.Number, turn.Text, [.. turn.Calls.Select(TranscriptCallResponse.From)]);
}

/// <summary>One tool call of a turn and (once made) what the model was told it returned.</summary>
public sealed record TranscriptCallResponse(
    [property: Description("The function name the model used.")] string Function,
    [property: Description("The PAI tool it stands for; null when the model named no tool of its list.")] string? Tool,
    [property: Description("The arguments the model gave.")] JsonNode? Arguments,
    [property: Description("What the model was told the call returned (JSON where it is JSON, else a string); null: not made yet.")] JsonNode? Result,
    [property: Description("ok, failed or refused; null: not made yet.")] string? Status)
{
    /// <summary>From a saved call.</summary>
    public static TranscriptCallResponse From(AgentCall call) =>
        new(call.Function, call.Tool, JsonText.ToNode(call.Arguments), JsonText.ToNode(call.Result), call.Status);
}
