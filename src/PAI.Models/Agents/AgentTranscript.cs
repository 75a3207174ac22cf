using System.Text.Json;
using System.Text.Json.Serialization;

namespace PAI.Models.Agents;

/// <summary>
/// An agent run's conversation, as saved in its step's checkpoint after every turn and every function call: the model's
/// answers with the calls it made and their results. A restart rebuilds the messages from it and goes on from the last
/// completed turn; a call without a result is made again under the same idempotency key.
/// </summary>
public sealed class AgentTranscript
{
    /// <summary>The layout version.</summary>
    public int Version { get; set; } = 1;

    /// <summary>The model the run talks to.</summary>
    public string? Model { get; set; }

    /// <summary>When the first turn started (the run's time budget counts from here).</summary>
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>The turns so far.</summary>
    public List<AgentTurn> Turns { get; set; } = [];

    /// <summary>Prompt tokens used by the run.</summary>
    public long InputTokens { get; set; }

    /// <summary>Completion tokens used by the run.</summary>
    public long OutputTokens { get; set; }

    /// <summary>Model calls made by the run.</summary>
    public long Calls { get; set; }

    /// <summary>Time spent waiting for the model.</summary>
    public TimeSpan ModelTime { get; set; }

    /// <summary>A call waiting for a person's approval: the step's approval count when it asked.</summary>
    public int? ApprovalsAtRequest { get; set; }

    /// <summary>The checkpoint key the transcript lives under.</summary>
    public const string CheckpointKey = "agent";

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Reads a saved transcript (null: none saved).</summary>
    public static AgentTranscript? Load(string? json) => json is null ? null : JsonSerializer.Deserialize<AgentTranscript>(json, Json);

    /// <summary>The transcript as saved.</summary>
    public string Save() => JsonSerializer.Serialize(this, Json);
}

/// <summary>One model turn: what it said and the calls it made.</summary>
public sealed class AgentTurn
{
    /// <summary>1-based.</summary>
    public int Number { get; set; }

    /// <summary>The text it wrote.</summary>
    public string? Text { get; set; }

    /// <summary>Its function calls, in order.</summary>
    public List<AgentCall> Calls { get; set; } = [];
}

/// <summary>One function call a model made, and (once made) its result.</summary>
public sealed class AgentCall
{
    /// <summary>The model's own id for the call (echoed back with the result).</summary>
    public string CallId { get; set; } = "";

    /// <summary>The call's position in its turn, <c>c{i}</c>: the last part of its idempotency key.</summary>
    public string Key { get; set; } = "";

    /// <summary>The function name as the model saw it.</summary>
    public string Function { get; set; } = "";

    /// <summary>The PAI tool it stands for (null: the model named no tool of its list).</summary>
    public string? Tool { get; set; }

    /// <summary>The arguments, as JSON text.</summary>
    public string Arguments { get; set; } = "{}";

    /// <summary>What the model is told the call returned (null: not made yet).</summary>
    public string? Result { get; set; }

    /// <summary><c>ok</c>, <c>failed</c> or <c>refused</c> (null: not made yet).</summary>
    public string? Status { get; set; }
}
