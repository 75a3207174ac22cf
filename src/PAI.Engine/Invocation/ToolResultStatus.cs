namespace PAI.Engine.Invocation;

/// <summary>How a tool call ended.</summary>
public enum ToolResultStatus
{
    /// <summary>The tool returned an output within its limits.</summary>
    Succeeded,

    /// <summary>Every attempt failed (a tool error, a timeout, an output over the cap).</summary>
    Failed,

    /// <summary>Not run: unknown tool or agent, not on the allow-list, needs approval, rate limit refused, invalid limits.</summary>
    Refused,
}
