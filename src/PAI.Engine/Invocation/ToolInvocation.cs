using System.Text.Json.Nodes;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Tools;
using PAI.Engine.Agents;

namespace PAI.Engine.Invocation;

/// <summary>
/// One call of one tool, as every caller makes it: a plan step, a skill phase, an agent's function call (a tool name,
/// its JSON arguments and a key naming goal/step/turn/call), an MCP client. The invoker turns it into attempts.
/// </summary>
/// <param name="Tool">The tool's name.</param>
/// <param name="Input">The arguments; each attempt gets its own copy.</param>
/// <param name="GoalId">The goal the call works for (its workspace is the goal's).</param>
/// <param name="StepId">The step within the goal.</param>
/// <param name="Principal">On whose behalf the tool runs.</param>
/// <param name="IdempotencyKey">Stable across attempts and restarts (see <see cref="IdempotencyKeys"/>): called again with
/// the same key, a tool has its effect once.</param>
public sealed record ToolInvocation(string Tool, JsonObject Input, string GoalId, string StepId, string Principal, string IdempotencyKey)
{
    /// <summary>No retry: one attempt.</summary>
    public static RetrySpec NoRetry { get; } = new(1);

    /// <summary>The agent the call runs as; its allow-list must name the tool (or its permission).</summary>
    public string Agent { get; init; } = AgentDefinition.DefaultName;

    /// <summary>Limit for one attempt; null: the tool's own default (which may be none).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>How often to try, and the first delay between tries.</summary>
    public RetrySpec Retry { get; init; } = NoRetry;

    /// <summary>The number the first attempt of this call gets (attempts counted before a restart come first).</summary>
    public int FirstAttempt { get; init; } = 1;

    /// <summary>Where failed attempts are counted durably, so the retry budget survives restarts; null: in memory.</summary>
    public IRetryLedger? Ledger { get; init; }

    /// <summary>Durable values the tool keeps across attempts (a timer's deadline); null: in memory only.</summary>
    public IStepCheckpoint? Checkpoint { get; init; }

    /// <summary>
    /// True when a person approved the work this call belongs to. Plan steps and skill phases pass true: the planner marks
    /// every step that can reach a tool needing approval, and the goal runs such a step only once a person approved it.
    /// A call made on a model's or client's own initiative passes false, and a tool needing approval is refused.
    /// </summary>
    public bool Approved { get; init; }
}
