using System.Text.Json.Nodes;

namespace PAI.Engine.Agents;

/// <summary>What an agent run came to.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Output">On success: <c>{ "text", "turns", "model", "usage" }</c> (a judge adds <c>passed</c>).</param>
/// <param name="Error">Why it failed, or (waiting) what it asks a person to approve.</param>
public sealed record AgentRunResult(AgentRunStatus Status, JsonNode? Output, string? Error)
{
    /// <summary>A failure.</summary>
    public static AgentRunResult Failed(string error) => new(AgentRunStatus.Failed, null, error);
}
