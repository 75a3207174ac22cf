using PAI.Abstractions.Tools;
using PAI.Engine.Agents;
using PAI.Engine.Invocation;

namespace PAI.Engine.Skills.Running;

/// <summary>An agent run's host inside a skill run: the step's checkpoint scoped to the phase, the step's invoker.</summary>
internal sealed class PhaseAgentHost(ISkillRunHost host, string key) : IAgentRunHost
{
    public IStepCheckpoint Checkpoint { get; } = new ScopedCheckpoint(host.Checkpoint, key);

    public bool MustStop => host.MustStop;

    public Task<ToolResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken) => host.InvokeAsync(invocation, cancellationToken);
}
