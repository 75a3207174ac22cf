using System.Text.Json;
using PAI.Abstractions.Tools;
using PAI.Engine.Invocation;
using PAI.Engine.Skills;
using PAI.Engine.Skills.Running;

namespace PAI.Engine.Tests.Skills.Running;

/// <summary>Hosts a skill run in memory for the runner's tests: tool calls go through the real invoker, and every save
/// is recorded as a snapshot of the run's progress.</summary>
internal sealed class MemoryRunHost(ToolInvoker invoker) : ISkillRunHost
{
    /// <inheritdoc />
    public SkillRunState? Run { get; set; }

    /// <inheritdoc />
    public bool MustStop { get; set; }

    /// <inheritdoc />
    public IStepCheckpoint Checkpoint { get; } = new TransientCheckpoint();

    /// <summary>The run's progress at each save, as JSON.</summary>
    public List<string> Saves { get; } = [];

    /// <inheritdoc />
    public Task SaveAsync()
    {
        if (Run is { } run)
        {
            Saves.Add(JsonSerializer.Serialize(new { run.Stage, run.Index, run.Item, run.PhaseFailures, run.Failure }));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ToolResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken) => invoker.InvokeAsync(invocation, cancellationToken);
}
