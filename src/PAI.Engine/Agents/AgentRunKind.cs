namespace PAI.Engine.Agents;

/// <summary>Which model phase an agent run is.</summary>
public enum AgentRunKind
{
    /// <summary>A plan step naming an agent and a task.</summary>
    Task,

    /// <summary>A skill's <c>prompt</c> phase.</summary>
    Prompt,

    /// <summary>A skill's <c>judge</c> check (the judge role's model; passes when the answer starts with PASS).</summary>
    Judge,
}
