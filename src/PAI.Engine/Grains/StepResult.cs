using PAI.Abstractions.Goals;

namespace PAI.Engine.Grains;

/// <summary>How one run of a step ended, before the grain adds attempts and times to make a <c>StepOutcome</c>.</summary>
/// <param name="Status">Succeeded, Failed or Cancelled.</param>
/// <param name="Output">The output JSON (success only).</param>
/// <param name="Error">Why it did not succeed.</param>
public sealed record StepResult(StepStatus Status, string? Output, string? Error)
{
    /// <summary>A success with its output.</summary>
    public static StepResult Succeeded(string? output) => new(StepStatus.Succeeded, output, null);

    /// <summary>A failure with its reason.</summary>
    public static StepResult Failed(string error) => new(StepStatus.Failed, null, error);

    /// <summary>What an agent run means for its step: success with its output, a failure, or a wait for a person.</summary>
    public static StepResult FromAgent(Agents.AgentRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Status switch
        {
            Agents.AgentRunStatus.Succeeded => Succeeded(result.Output?.ToJsonString() ?? "null"),
            Agents.AgentRunStatus.WaitingForApproval => new(StepStatus.WaitingForApproval, null, result.Error),
            _ => Failed(result.Error ?? "the agent failed"),
        };
    }

    /// <summary>Cancelled by a person.</summary>
    public static StepResult Cancelled { get; } = new(StepStatus.Cancelled, null, "cancelled");
}
