namespace PAI.Engine.Agents;

/// <summary>
/// Runs model phases (agent tasks, prompt and judge phases) as an agent's durable tool-calling loop. Registered by the
/// models module; without one, such phases fail with a message saying how to configure a model.
/// </summary>
public interface IAgentRunner
{
    /// <summary>Runs (or resumes from its saved transcript) one phase.</summary>
    Task<AgentRunResult> RunAsync(AgentRunRequest request, IAgentRunHost host, CancellationToken cancellationToken);
}
