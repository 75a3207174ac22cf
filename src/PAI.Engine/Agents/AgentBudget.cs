namespace PAI.Engine.Agents;

/// <summary>What one agent may spend (agent YAML <c>budget:</c>); zero or null means no limit of that kind.</summary>
/// <param name="MaxTurns">Model turns one run (one task or phase) may take.</param>
/// <param name="MaxTokens">Model tokens (in + out) one run may use.</param>
/// <param name="Timeout">How long one run may go on, from its first turn.</param>
/// <param name="DailyTokens">Model tokens all runs of the agent together may use per UTC day (kept by the agent's grain).</param>
public sealed record AgentBudget(int MaxTurns = 0, long MaxTokens = 0, TimeSpan? Timeout = null, long DailyTokens = 0)
{
    /// <summary>No limits beyond the engine's defaults.</summary>
    public static AgentBudget None { get; } = new();
}
