namespace PAI.Abstractions.Audit;

/// <summary>The kinds of audit entries PAI writes.</summary>
public static class AuditKinds
{
    /// <summary>A goal was accepted.</summary>
    public const string GoalSubmitted = "goal.submitted";

    /// <summary>A goal was cancelled (the principal is who cancelled it).</summary>
    public const string GoalCancelled = "goal.cancelled";

    /// <summary>A goal got a revised plan after a step failed for good.</summary>
    public const string GoalReplanned = "goal.replanned";

    /// <summary>A tool was called (one entry per call, with its outcome).</summary>
    public const string ToolCall = "tool.call";

    /// <summary>A tool call was refused (not on the agent's allow-list, rate limited, ...).</summary>
    public const string Refusal = "tool.refused";

    /// <summary>A model call was refused before it was made: the principal is at or over its model token quota (tool =
    /// what the call was for: <c>planner</c>, <c>task</c>, <c>prompt</c>, <c>judge</c>, <c>llm.chat</c>, ...).</summary>
    public const string ModelRefused = "model.refused";

    /// <summary>A person approved a step.</summary>
    public const string Approval = "step.approved";

    /// <summary>A person rejected a step, or its approval timed out.</summary>
    public const string Rejection = "step.rejected";

    /// <summary>A skill run published its staged outputs.</summary>
    public const string Commit = "skill.commit";

    /// <summary>An API key was created.</summary>
    public const string KeyCreated = "key.created";

    /// <summary>An API key was revoked.</summary>
    public const string KeyRevoked = "key.revoked";

    /// <summary>An API key was rotated: revoked and replaced by a new key with the same principal, role and scopes.</summary>
    public const string KeyRotated = "key.rotated";

    /// <summary>A schedule was created.</summary>
    public const string ScheduleCreated = "schedule.created";

    /// <summary>A schedule was paused.</summary>
    public const string SchedulePaused = "schedule.paused";

    /// <summary>A schedule was resumed.</summary>
    public const string ScheduleResumed = "schedule.resumed";

    /// <summary>A schedule was deleted.</summary>
    public const string ScheduleDeleted = "schedule.deleted";

    /// <summary>An MCP client called one of PAI's MCP tools (the tool is the MCP tool's name).</summary>
    public const string McpToolCall = "mcp.tool";

    /// <summary>An MCP client read one of PAI's MCP resources (the tool field holds the resource's URI).</summary>
    public const string McpResourceRead = "mcp.resource";
}
