using PAI.Abstractions.Tools;
using PAI.Engine.Agents;
using PAI.Engine.Invocation;
using PAI.Engine.Skills;
using PAI.Engine.Skills.Running;

namespace PAI.Engine.Grains;

/// <summary>What a step run lends to the code it runs: its checkpoint (tools, skills, agents), its retry ledger (the
/// invoker counts failed attempts durably through it) and the skill runner's host (its progress in this grain's state,
/// the invoker, must-stop).</summary>
public sealed partial class StepRunGrain
{
    /// <inheritdoc />
    public Task<Dictionary<string, string>> GetCheckpointValuesAsync(string keySuffix) =>
        Task.FromResult(State.Checkpoint.Where(kv => kv.Key.EndsWith(keySuffix, StringComparison.Ordinal)).ToDictionary(StringComparer.Ordinal));

    /// <inheritdoc />
    string? IStepCheckpoint.Get(string key) => State.Checkpoint.GetValueOrDefault(key);

    /// <inheritdoc />
    async Task IStepCheckpoint.SetAsync(string key, string value, CancellationToken cancellationToken)
    {
        State.Checkpoint[key] = value;
        await _writer.WriteAsync();
    }

    /// <inheritdoc />
    int IRetryLedger.FailedAttempts => State.FailedAttempts;

    /// <inheritdoc />
    async Task IRetryLedger.RecordFailureAsync(string error)
    {
        State.FailedAttempts++;
        State.Attempts++;
        State.LastError = error;
        await _writer.WriteAsync();
        _ = _reporter.NotifyAttemptAsync(State.Work!.GoalId, State.Work.StepId, State.Attempts);
    }

    /// <inheritdoc />
    SkillRunState? ISkillRunHost.Run { get => State.Skill; set => State.Skill = value; }

    /// <inheritdoc />
    bool ISkillRunHost.MustStop => _stopping || _writer.IsLost;

    /// <inheritdoc />
    IStepCheckpoint ISkillRunHost.Checkpoint => this;

    /// <inheritdoc />
    Task ISkillRunHost.SaveAsync() => _writer.WriteAsync();

    /// <inheritdoc />
    Task<ToolResult> ISkillRunHost.InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken) => _invoker.InvokeAsync(invocation, cancellationToken);

    /// <summary>An agent run's host: this step's checkpoint under the phase's scope, the invoker, must-stop.</summary>
    private sealed class AgentHost(StepRunGrain step, string scope) : IAgentRunHost
    {
        public IStepCheckpoint Checkpoint { get; } = new ScopedCheckpoint(step, scope);

        public bool MustStop => step._stopping || step._writer.IsLost;

        public Task<ToolResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken) => step._invoker.InvokeAsync(invocation, cancellationToken);
    }
}
