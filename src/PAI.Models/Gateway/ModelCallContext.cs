using PAI.Abstractions.Models;

namespace PAI.Models.Gateway;

/// <summary>Who a model call works for: the labels its usage is counted under, and where the usage is reported.</summary>
/// <param name="Purpose">What for: <c>planner</c>, <c>agent</c>, <c>judge</c>, <c>llm.chat</c>, ...</param>
/// <param name="GoalId">The goal, if any (GPU leases rotate fairly between goals).</param>
/// <param name="Agent">The agent, if any.</param>
/// <param name="Principal">The principal, if any.</param>
public sealed record ModelCallContext(string Purpose, string? GoalId = null, string? Agent = null, string? Principal = null)
{
    /// <summary>Called after every answered call with the model id and what it cost.</summary>
    public Action<string, ModelUsage>? OnUsage { get; init; }

    /// <summary>The step (and phase) the call is made for, if any: named in a quota refusal's audit entry.</summary>
    public string? StepId { get; init; }

    /// <summary>The requester a GPU lease is taken for: the goal, else the principal.</summary>
    public string Requester => GoalId ?? Principal ?? "pai";
}
