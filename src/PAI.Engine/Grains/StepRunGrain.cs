using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Steps;
using PAI.Abstractions.Storage;
using PAI.Abstractions.Tools;
using PAI.Engine.Agents;
using PAI.Engine.Invocation;
using PAI.Engine.Persistence;
using PAI.Engine.Skills;
using PAI.Engine.Skills.Running;

namespace PAI.Engine.Grains;

/// <summary>
/// Runs one step: persists the attempt, runs the tool (through the <see cref="ToolInvoker"/>) or the skill (through the
/// <see cref="SkillRunner"/>, which keeps its progress in this grain's state), and reports the outcome to the goal until
/// the goal has made it durable. A restart runs the step again with the same idempotency key; tools make that harmless.
/// </summary>
public sealed partial class StepRunGrain : Grain, IStepRunGrain, IStepCheckpoint, IRetryLedger, ISkillRunHost
{
    private readonly ToolInvoker _invoker;
    private readonly SkillRunner _skills;
    private readonly IAgentRunner? _agents;
    private readonly TimeProvider _time;
    private readonly ILogger<StepRunGrain> _logger;
    private readonly ResilientStateWriter<StepRunState> _writer;
    private readonly GoalReporter _reporter;
    private Task? _execution;
    private bool _reported;
    private StepOutcome? _unreported;
    private CancellationTokenSource? _cancellation;
    private volatile bool _stopping;

    /// <summary>Creates the grain.</summary>
    public StepRunGrain(
        [PersistentState("step", StorageNames.Grains)] IPersistentState<StepRunState> state,
        ToolInvoker invoker,
        SkillRunner skills,
        IEnumerable<IAgentRunner> agents,
        IGrainFactory grains,
        TimeProvider time,
        ILogger<StepRunGrain> logger)
    {
        _invoker = invoker;
        _skills = skills;
        _agents = agents.LastOrDefault();
        _time = time;
        _logger = logger;
        // A write that cannot be made durable: drop this activation (and the attempt it runs) so that the next one
        // reloads the attempt counters; the goal's watchdog starts the step again under the same idempotency key.
        _writer = new ResilientStateWriter<StepRunState>(state, logger, time, DeactivateOnIdle);
        _reporter = new GoalReporter(grains, time, logger);
    }

    private StepRunState State => _writer.State;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        State.Version > StepRunState.CurrentVersion
            ? throw new InvalidOperationException($"step state {this.GetPrimaryKeyString()} was written by a newer version (layout {State.Version}, this build reads up to {StepRunState.CurrentVersion})")
            : Task.CompletedTask;

    /// <inheritdoc />
    public async Task StartAsync(StepWork work)
    {
        // Running, or finished with the outcome durable in the goal: a watchdog re-dispatch that raced the report
        // must not run the tool again. An outcome the goal never took is offered again instead of running again.
        if (_execution is { IsCompleted: false } || _reported)
        {
            return;
        }

        if (_unreported is { } outcome)
        {
            _execution = ReportAsync(work, outcome);
            return;
        }

        // A stored earlier attempt means this is a re-run: after a crash, or a re-dispatch (watchdog, dispatch retry)
        // that reached a new activation after an earlier one had already reported. Run again only while the goal
        // still says the step runs; otherwise the tool would have its effect a second time.
        if (State.Attempts > 0 && await IsFinishedInGoalAsync(work))
        {
            _reported = true;
            DeactivateOnIdle();
            return;
        }

        State.Version = StepRunState.CurrentVersion;
        State.Work = work;
        State.Attempts++;
        State.StartedAt ??= _time.GetUtcNow();
        await _writer.WriteAsync();

        _cancellation?.Dispose();
        _cancellation = new CancellationTokenSource();
        DelayDeactivation(TimeSpan.FromDays(365));
        _execution = RunAsync(work, _cancellation.Token);
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Stopping (shutdown, rebalancing) is not a cancel: the run stops where it is and resumes on the next
        // dispatch; only CancelAsync turns into a Cancelled outcome (and a skill's cancel cleanup).
        _stopping = true;
        _cancellation?.Cancel();
        _cancellation?.Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task CancelAsync()
    {
        _cancellation?.Cancel();
        return Task.CompletedTask;
    }

    private async Task RunAsync(StepWork work, CancellationToken cancellationToken)
    {
        var startedAt = State.StartedAt ?? _time.GetUtcNow();
        StepResult result;
        using (var telemetry = new StepTelemetry(work, _time))
        {
            try
            {
                result = work.Skill is not null ? await _skills.RunAsync(work, this, cancellationToken)
                    : work.Task is not null ? await RunTaskAsync(work, cancellationToken)
                    : await RunToolAsync(work, cancellationToken);

                if (_writer.IsLost)
                {
                    // A retry count or checkpoint the store did not take came back from the invoker as a failed call.
                    LogAbandoned(_logger, null, work.GoalId, work.StepId);
                    return;
                }
            }
            catch (Exception ex) when (_stopping || _writer.IsLost || ex is AuditUnavailableException)
            {
                // Stopping: the step pauses and the next dispatch resumes it. A lost state write or an audit entry the
                // store did not take: an outcome now would rest on what the store does not hold; the goal's watchdog
                // starts the step again.
                if (!_stopping)
                {
                    LogAbandoned(_logger, ex, work.GoalId, work.StepId);
                }

                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                result = StepResult.Cancelled;
            }
            catch (Exception ex)
            {
                // Never a silent hang: whatever escaped still ends the step, with its reason.
                result = StepResult.Failed(ToolFailures.Describe(ex));
            }

            telemetry.Finished(result, State.Attempts);
        }

        await ReportAsync(work, new StepOutcome(work.StepId, result.Status, State.Attempts, startedAt, _time.GetUtcNow(), result.Output, result.Error));
    }

    private async Task<StepResult> RunToolAsync(StepWork work, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(work.Tool))
        {
            return StepResult.Failed("the step names neither a tool nor a skill");
        }

        if (JsonNode.Parse(work.Input) is not JsonObject input)
        {
            return StepResult.Failed("step input is not a JSON object");
        }

        LogAttempt(_logger, work.GoalId, work.StepId, work.Tool, State.Attempts);
        var call = new ToolInvocation(work.Tool, input, work.GoalId, work.StepId, work.Principal, IdempotencyKeys.ForStep(work.GoalId, work.StepId))
        {
            Agent = work.Agent ?? AgentDefinition.DefaultName,
            Timeout = work.Timeout,
            Retry = work.Retry,
            FirstAttempt = State.Attempts,
            Ledger = this,
            Checkpoint = this,
            Approved = true,
        };
        var result = await _invoker.InvokeAsync(call, cancellationToken);
        return result.Succeeded ? StepResult.Succeeded(result.OutputJson) : StepResult.Failed(result.Error!);
    }

    /// <summary>An agent's task: its tool-calling loop, with the transcript in this step's checkpoint (scope <c>task</c>).</summary>
    private async Task<StepResult> RunTaskAsync(StepWork work, CancellationToken cancellationToken)
    {
        if (_agents is null)
        {
            return StepResult.Failed("a task runs an agent's model, and " + Planning.ModelCapabilities.None.AgentsUnavailable);
        }

        var request = new AgentRunRequest(work, "task", work.Agent ?? AgentDefinition.DefaultName, work.Task!, AgentRunKind.Task);
        var result = await _agents.RunAsync(request, new AgentHost(this, "task"), cancellationToken);
        return StepResult.FromAgent(result);
    }

    private async Task<bool> IsFinishedInGoalAsync(StepWork work)
    {
        var goal = await GrainFactory.GetGrain<IGoalGrain>(work.GoalId).GetAsync();
        return goal?.Steps.FirstOrDefault(s => s.Id == work.StepId) is not { Status: StepStatus.Running };
    }

    /// <summary>Reports until the goal takes the outcome; one it never took is kept for the next dispatch, so the step
    /// is not run again for it.</summary>
    private async Task ReportAsync(StepWork work, StepOutcome outcome)
    {
        if (!await _reporter.ReportAsync(work.GoalId, outcome))
        {
            _unreported = outcome;
            return;
        }

        _unreported = null;

        // A run waiting for a person is not finished: once approved, the goal dispatches it again and it resumes.
        _reported = outcome.Status != StepStatus.WaitingForApproval;
        DeactivateOnIdle();
    }
}
