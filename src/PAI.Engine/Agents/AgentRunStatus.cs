namespace PAI.Engine.Agents;

/// <summary>How an agent run ended.</summary>
public enum AgentRunStatus
{
    /// <summary>The model gave its final answer.</summary>
    Succeeded,

    /// <summary>A model error, a budget that ran out, or no model; <see cref="AgentRunResult.Error"/> says which.</summary>
    Failed,

    /// <summary>The model called a tool that needs a person's approval: the step waits, and the run resumes (and makes
    /// the call) once a person approved.</summary>
    WaitingForApproval,
}
