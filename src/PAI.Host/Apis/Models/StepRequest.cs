using System.ComponentModel;
using System.Text.Json.Nodes;

namespace PAI.Host.Apis.Models;

/// <summary>One step of an explicit plan.</summary>
public sealed record StepRequest
{
    /// <summary>Unique within the plan.</summary>
    [Description("Unique within the plan.")]
    public required string Id { get; init; }

    /// <summary>The tool to call (exactly one of tool and skill).</summary>
    [Description("The tool to call (exactly one of tool and skill).")]
    public string? Tool { get; init; }

    /// <summary>The skill to run (exactly one of tool and skill).</summary>
    [Description("The skill to run (exactly one of tool and skill).")]
    public string? Skill { get; init; }

    /// <summary>The inputs; strings may hold <c>${steps.x.output...}</c> and <c>${inputs.x}</c> references.</summary>
    [Description("The inputs, a JSON object; strings may hold ${steps.<id>.output...} and ${inputs.<name>} references.")]
    public JsonObject? With { get; init; }

    /// <summary>Steps that must succeed before this one starts.</summary>
    [Description("Ids of the steps that must succeed before this one starts.")]
    public IReadOnlyList<string>? DependsOn { get; init; }

    /// <summary>Retry policy.</summary>
    [Description("Retry policy; the engine's default when absent.")]
    public RetryRequest? Retry { get; init; }

    /// <summary>Limit for one attempt, e.g. <c>30s</c> or <c>00:00:30</c>.</summary>
    [Description("Limit for one attempt, e.g. \"30s\", \"5m\" or \"00:00:30\"; the tool's default when absent.")]
    public string? Timeout { get; init; }

    /// <summary>Whether a person must approve the step before it runs.</summary>
    [Description("Whether a person must approve the step before it runs.")]
    public bool Approval { get; init; }

    /// <summary>What the agent is asked to do (a task step: neither tool nor skill).</summary>
    [Description("What the agent is asked to do: a step with a task (and no tool or skill) runs the agent's tool-calling loop with a model. May hold ${...} references.")]
    public string? Task { get; init; }

    /// <summary>The agent the step runs as.</summary>
    [Description("The agent the step runs as; the goal's (or the default) agent when absent.")]
    public string? Agent { get; init; }
}
