using PAI.Abstractions.Steps;

namespace PAI.Engine.Agents;

/// <summary>One model phase to run as an agent.</summary>
/// <param name="Work">The step it belongs to (goal, step, principal, approvals, the goal's budget).</param>
/// <param name="Scope">Names the phase within the step (<c>task</c>, or the skill phase's key): it is part of every
/// function call's idempotency key <c>{goal}/{step}/{scope}/turn-{n}/{call}</c>.</param>
/// <param name="Agent">The agent's name.</param>
/// <param name="Prompt">What the agent is asked (the task or the phase's prompt, references resolved).</param>
/// <param name="Kind">Which kind of phase.</param>
public sealed record AgentRunRequest(StepWork Work, string Scope, string Agent, string Prompt, AgentRunKind Kind)
{
    /// <summary>A system prompt to use instead of the agent's own.</summary>
    public string? System { get; init; }

    /// <summary>A model (endpoint name or model id) to use instead of the agent's.</summary>
    public string? Model { get; init; }
}
