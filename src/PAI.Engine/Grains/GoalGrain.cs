using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Utilities;
using PAI.Abstractions.Audit;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Planning;
using PAI.Abstractions.Steps;
using PAI.Abstractions.Storage;
using PAI.Abstractions.Tools;
using PAI.Engine.Persistence;
using PAI.Engine.Planning;
using PAI.Engine.Templates;

namespace PAI.Engine.Grains;

/// <summary>
/// Owns one goal: its plan and the status of every step. Every transition is persisted before the work it enables
/// is dispatched; step outcomes arriving together share one write. Reentrant: all decisions are made synchronously
/// between awaits, and the only await that matters (the state write) is coalesced.
/// </summary>
[Reentrant]
public sealed partial class GoalGrain : Grain, IGoalGrain
{
    private readonly IPersistentState<GoalState> _state;
    private readonly IGoalIndex _index;
    private readonly IAuditStore _audit;
    private readonly EngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<GoalGrain> _logger;
    private readonly ResilientStateWriter<GoalState> _writer;
    private readonly ObserverManager<IGoalObserver> _observers;
    private readonly List<(GoalStepState Step, StepWork Work)> _toDispatch = [];
    private readonly List<GoalEvent> _pendingEvents = [];
    private readonly SemaphoreSlim _submitGate = new(1, 1);
    private StepScheduler _scheduler = new([]);
    private JsonNode? _inputs;
    private bool _inputsParsed;
    private GoalStatus? _indexedStatus;
    private IGrainTimer? _watchdog;

    /// <summary>Creates the grain.</summary>
    public GoalGrain(
        [PersistentState("goal", StorageNames.Grains)] IPersistentState<GoalState> state,
        IGoalIndex index,
        IOptions<EngineOptions> options,
        TimeProvider time,
        ILogger<GoalGrain> logger,
        IAuditStore audit)
    {
        _audit = audit;
        _state = state;
        _index = index;
        _options = options.Value;
        _time = time;
        _logger = logger;
        // A write that cannot be made durable leaves memory ahead of (or beside) the store: drop this activation so
        // that the next call reloads; the new activation's watchdog re-dispatches whatever the store says is running.
        _writer = new ResilientStateWriter<GoalState>(state, logger, time, DeactivateOnIdle);
        _observers = new ObserverManager<IGoalObserver>(TimeSpan.FromMinutes(2), logger);
    }

    private GoalState State => _writer.State;

    private string GoalId => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        RebuildStepIndex();
        if (State.Exists && !State.Status.IsTerminal())
        {
            StartWatchdog(TimeSpan.Zero);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _observers.Clear();
        _watchdog?.Dispose();
        _submitGate.Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<SubmitGoalResult> SubmitAsync(SubmitGoalCommand command)
    {
        await _submitGate.WaitAsync();
        try
        {
            if (State.Exists)
            {
                var same = State.BodyDigest == command.BodyDigest && State.Owner == command.Principal;
                return new SubmitGoalResult(same ? SubmitOutcome.Duplicate : SubmitOutcome.Conflict, GoalId, State.Status, []);
            }

            var plan = await GrainFactory.GetGrain<IPlannerGrain>(0).PlanAsync(command.Submission);
            if (!plan.IsValid)
            {
                return new SubmitGoalResult(SubmitOutcome.Invalid, GoalId, GoalStatus.Pending, plan.Errors);
            }

            var now = _time.GetUtcNow();
            State.Id = GoalId;
            State.Owner = command.Principal;
            State.Submission = command.Submission;
            State.BodyDigest = command.BodyDigest;
            State.CreatedAt = now;
            State.UpdatedAt = now;
            State.Status = GoalStatus.Running;
            State.Steps = plan.Plan!.Steps.Select(s => new GoalStepState { Spec = s }).ToList();
            RebuildStepIndex();
            Emit("goal", null, GoalStatus.Running.ToString(), null);

            try
            {
                // The index row goes first: a crash between the two writes leaves an index row without state (shown
                // as not found), never state that no resume scan can find.
                await _index.UpsertAsync(IndexEntry());
                _indexedStatus = State.Status;
                Advance();
                await PersistAndDispatchAsync();
            }
            catch
            {
                // Not stored (the index row or the state could not be written, e.g. on a full disk): forget it, so
                // that memory never claims more than the store holds and a retry with the same key stores it.
                _state.State = new GoalState();
                RebuildStepIndex();
                throw;
            }

            LogAccepted(_logger, GoalId, State.Steps.Count, command.Principal);
            EngineTelemetry.GoalsSubmitted.Add(1);
            await _audit.AppendAsync(new AuditRecord(AuditKinds.GoalSubmitted, command.Principal, GoalId, Outcome: "accepted", Detail: command.Submission.Skill is { } skill ? $"skill {skill}" : $"{State.Steps.Count} step(s)"));
            StartWatchdog(_options.StepWatchdogInterval);
            return new SubmitGoalResult(SubmitOutcome.Accepted, GoalId, State.Status, []);
        }
        finally
        {
            _submitGate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<GoalView?> GetAsync()
    {
        // Show only what the store holds: a transition decided in memory is visible once its write has landed.
        await _writer.WhenDurableAsync();
        return State.Exists ? View() : null;
    }

    /// <inheritdoc />
    public async Task<bool> CancelAsync(string principal)
    {
        if (!State.Exists || State.Status.IsTerminal())
        {
            return false;
        }

        var now = _time.GetUtcNow();
        var running = new List<string>();
        foreach (var step in State.Steps.Where(s => !s.Status.IsTerminal()))
        {
            if (step.Status == StepStatus.Running)
            {
                running.Add(step.Spec.Id);
            }

            SetStep(step, StepStatus.Cancelled, now, $"cancelled by {principal}");
        }

        State.Error = $"cancelled by {principal}";
        Finish(GoalStatus.Cancelled, now);
        await PersistAndDispatchAsync();
        LogCancelled(_logger, GoalId, principal, running.Count);
        foreach (var stepId in running)
        {
            _ = CancelStepAsync(stepId);
        }

        return true;
    }

    /// <inheritdoc />
    public async Task<bool> ResumeAsync()
    {
        if (!State.Exists)
        {
            return false;
        }

        if (State.Status.IsTerminal())
        {
            if (_indexedStatus != State.Status)
            {
                await _index.UpsertAsync(IndexEntry());
                _indexedStatus = State.Status;
            }

            return true;
        }

        await TickAsync(CancellationToken.None);
        return true;
    }

    /// <inheritdoc />
    public async Task OnStepFinishedAsync(StepOutcome outcome)
    {
        if (!State.Exists || !_scheduler.TryGet(outcome.StepId, out var step) || step.Status.IsTerminal() || State.Status.IsTerminal())
        {
            // A repeated report (the first one's reply was lost) may arrive while the write that records the first is
            // still in flight: acknowledge only once that is durable, and never from memory the store may not hold.
            await _writer.WhenDurableAsync();
            return;
        }

        step.Attempts = Math.Max(step.Attempts, outcome.Attempts);
        step.Output = outcome.Output;
        step.StartedAt ??= outcome.StartedAt;
        SetStep(step, outcome.Status, outcome.FinishedAt, outcome.Error);
        Advance();
        await PersistAndDispatchAsync();
    }

    /// <inheritdoc />
    public Task OnStepAttemptAsync(string stepId, int attempt)
    {
        if (_scheduler.TryGet(stepId, out var step) && step.Status == StepStatus.Running && attempt > step.Attempts)
        {
            step.Attempts = attempt;
            Emit("step", stepId, "Retrying", $"attempt {attempt}");
            FlushEvents();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<ApprovalResult> DecideAsync(string stepId, string principal, bool approve)
    {
        if (!State.Exists || !_scheduler.TryGet(stepId, out var step))
        {
            return ApprovalResult.NotFound;
        }

        if (step.Status != StepStatus.WaitingForApproval || State.Status.IsTerminal())
        {
            return ApprovalResult.NotWaiting;
        }

        Decide(step, principal, approve, approve ? null : $"rejected by {principal}");
        Advance();
        await PersistAndDispatchAsync();
        await _audit.AppendAsync(new AuditRecord(approve ? AuditKinds.Approval : AuditKinds.Rejection, principal, GoalId, stepId, Tool: step.Spec.Tool ?? step.Spec.Skill, Outcome: approve ? "approved" : "rejected"));
        return ApprovalResult.Done;
    }

    /// <summary>Approval: back to Pending so that <see cref="Advance"/> dispatches it. Rejection: the step fails, and
    /// with it whatever depends on it.</summary>
    private void Decide(GoalStepState step, string principal, bool approve, string? reason)
    {
        if (approve)
        {
            step.Approved = true;
            SetStep(step, StepStatus.Pending, null, null);
            LogApproval(_logger, GoalId, step.Spec.Id, principal, true);
        }
        else
        {
            SetStep(step, StepStatus.Failed, _time.GetUtcNow(), reason);
            LogApproval(_logger, GoalId, step.Spec.Id, principal, false);
        }
    }

    /// <inheritdoc />
    public Task SubscribeAsync(IGoalObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task UnsubscribeAsync(IGoalObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Decides every transition that follows from the current statuses: skips dependants of failures, starts ready
    /// steps (bounded), and finishes the goal when every step is done. Pure in-memory; the caller persists.
    /// Incremental: the scheduler hands over only the steps whose dependencies changed, so a step outcome costs
    /// O(its dependants), not a scan of the whole plan.
    /// </summary>
    private void Advance()
    {
        if (State.Status.IsTerminal())
        {
            return;
        }

        var now = _time.GetUtcNow();
        while (true)
        {
            // Skipping first: a skip can doom further dependants, and never frees a slot for a running step.
            if (_scheduler.TryTakeBlocked(out var blocked, out var blocker))
            {
                SetStep(blocked, StepStatus.Skipped, now, $"dependency '{blocker}' did not succeed");
                continue;
            }

            if (_scheduler.Running >= _options.MaxParallelStepsPerGoal || !_scheduler.TryTakeReady(out var step))
            {
                break;
            }

            // Human approval: a ready step that needs it waits, durably (the status is persisted), until someone
            // approves or rejects it, or the watchdog times it out. Approval puts it back in the ready queue.
            if (step.Spec.Approval && !step.Approved)
            {
                step.ApprovalRequestedAt = now;
                SetStep(step, StepStatus.WaitingForApproval, null, null);
                continue;
            }

            StepWork work;
            try
            {
                work = BuildWork(step);
            }
            catch (ToolException ex)
            {
                SetStep(step, StepStatus.Failed, now, ex.Message);
                continue;
            }

            step.StartedAt = now;
            step.Attempts = Math.Max(step.Attempts, 1);
            SetStep(step, StepStatus.Running, null, null);
            _toDispatch.Add((step, work));
        }

        var waiting = _scheduler.Waiting > 0;
        if (waiting && State.Status == GoalStatus.Running)
        {
            State.Status = GoalStatus.WaitingForApproval;
            Emit("goal", null, GoalStatus.WaitingForApproval.ToString(), null);
        }
        else if (!waiting && State.Status == GoalStatus.WaitingForApproval)
        {
            State.Status = GoalStatus.Running;
            Emit("goal", null, GoalStatus.Running.ToString(), null);
        }

        if (_scheduler.Unfinished == 0)
        {
            var failed = State.Steps.FirstOrDefault(s => s.Status == StepStatus.Failed);
            if (failed is null)
            {
                State.Result = BuildResult();
                Finish(GoalStatus.Succeeded, now);
            }
            else
            {
                State.Error = $"step '{failed.Spec.Id}' failed: {failed.Error}";
                Finish(GoalStatus.Failed, now);
            }
        }
    }

    private StepWork BuildWork(GoalStepState step)
    {
        string input;
        if (step.Spec.With is not { } with)
        {
            input = "{}";
        }
        else if (!TemplateEvaluator.HasTemplate(with))
        {
            // A literal input (validated as a JSON object at plan time) has nothing to resolve: hand it over as it is
            // instead of parsing and re-serializing it for every dispatch.
            input = with;
        }
        else
        {
            // The goal's inputs never change, so they are parsed once; Resolve deep-clones what it takes from them.
            if (!_inputsParsed)
            {
                _inputs = State.Submission!.Inputs is { } i ? JsonNode.Parse(i) : null;
                _inputsParsed = true;
            }

            var resolved = TemplateEvaluator.Resolve(JsonNode.Parse(with), id => _scheduler[id].Output is { } o ? JsonNode.Parse(o) : null, _inputs);
            input = resolved?.ToJsonString() ?? "{}";
        }

        return new StepWork(
            GoalId,
            step.Spec.Id,
            step.Spec.Tool ?? "",
            input,
            step.Spec.Retry ?? RetrySpec.Default,
            step.Spec.Timeout,
            State.Owner,
            step.Spec.Agent ?? State.Submission!.Agent,
            step.Spec.Skill);
    }

    private string BuildResult()
    {
        var depended = new HashSet<string>(State.Steps.SelectMany(s => s.Spec.DependsOn), StringComparer.Ordinal);
        var result = new JsonObject();
        foreach (var sink in State.Steps.Where(s => !depended.Contains(s.Spec.Id)))
        {
            result[sink.Spec.Id] = sink.Output is { } o ? JsonNode.Parse(o) : null;
        }

        return result.ToJsonString();
    }

    private void SetStep(GoalStepState step, StepStatus status, DateTimeOffset? finishedAt, string? error)
    {
        var previous = step.Status;
        step.Status = status;
        _scheduler.OnStatusChanged(step, previous);
        if (status.IsTerminal())
        {
            step.FinishedAt = finishedAt;
            step.Error = error;
        }

        State.UpdatedAt = _time.GetUtcNow();
        Emit("step", step.Spec.Id, status.ToString(), error);
    }

    private void Finish(GoalStatus status, DateTimeOffset now)
    {
        State.Status = status;
        State.FinishedAt = now;
        State.UpdatedAt = now;
        Emit("goal", null, status.ToString(), State.Error);
        LogFinished(_logger, GoalId, status, State.Error);
        EngineTelemetry.GoalsFinished.Add(1, new KeyValuePair<string, object?>("status", status.ToString()));
        EngineTelemetry.GoalDuration.Record((now - State.CreatedAt).TotalSeconds, new KeyValuePair<string, object?>("status", status.ToString()));
    }

    private void Emit(string kind, string? stepId, string status, string? detail) =>
        _pendingEvents.Add(new GoalEvent(++State.EventSequence, kind, stepId, status, _time.GetUtcNow(), detail));

    private void FlushEvents()
    {
        if (_pendingEvents.Count == 0)
        {
            return;
        }

        var events = _pendingEvents.ToArray();
        _pendingEvents.Clear();
        if (_observers.Count == 0)
        {
            return;
        }

        _observers.Notify(o =>
        {
            foreach (var e in events)
            {
                _ = o.OnGoalEventAsync(e);
            }
        });
    }

    /// <summary>Persists the state, then tells observers and starts the steps the new state says are running.</summary>
    private async Task PersistAndDispatchAsync()
    {
        var dispatch = _toDispatch.ToArray();
        _toDispatch.Clear();
        await _writer.WriteAsync();
        FlushEvents();
        if (_indexedStatus != State.Status)
        {
            _indexedStatus = State.Status;
            await _index.UpsertAsync(IndexEntry());
        }

        foreach (var (_, work) in dispatch)
        {
            _ = DispatchAsync(work);
        }

        if (State.Status.IsTerminal())
        {
            _watchdog?.Dispose();
            _watchdog = null;
        }
    }

    private async Task DispatchAsync(StepWork work)
    {
        var grain = GrainFactory.GetGrain<IStepRunGrain>(IStepRunGrain.KeyOf(work.GoalId, work.StepId));
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await grain.StartAsync(work);
                return;
            }
            catch (Exception ex) when (attempt < 4)
            {
                LogDispatchFailed(_logger, ex, GoalId, work.StepId, attempt + 1);
                await Task.Delay(TimeSpan.FromMilliseconds(100 << attempt), _time);
            }
            catch (Exception ex)
            {
                // The watchdog dispatches it again on its next tick.
                LogDispatchFailed(_logger, ex, GoalId, work.StepId, attempt + 1);
                return;
            }
        }
    }

    private async Task CancelStepAsync(string stepId)
    {
        try
        {
            await GrainFactory.GetGrain<IStepRunGrain>(IStepRunGrain.KeyOf(GoalId, stepId)).CancelAsync();
        }
        catch (Exception ex)
        {
            LogDispatchFailed(_logger, ex, GoalId, stepId, 1);
        }
    }

    /// <summary>Resume and watchdog: re-dispatches every step the state says is running (StartAsync is idempotent).</summary>
    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if (!State.Exists || State.Status.IsTerminal())
        {
            _watchdog?.Dispose();
            _watchdog = null;
            return;
        }

        // Approvals past their deadline count as rejected (the deadline survives restarts: it is in the state).
        var now = _time.GetUtcNow();
        var expired = State.Steps.Where(s => s.Status == StepStatus.WaitingForApproval && s.ApprovalRequestedAt + _options.ApprovalTimeout <= now).ToList();
        foreach (var step in expired)
        {
            Decide(step, "system", approve: false, $"approval timed out after {_options.ApprovalTimeout}");
        }

        foreach (var step in State.Steps.Where(s => s.Status == StepStatus.Running))
        {
            if (_toDispatch.All(d => d.Step != step))
            {
                try
                {
                    _toDispatch.Add((step, BuildWork(step)));
                }
                catch (ToolException ex)
                {
                    SetStep(step, StepStatus.Failed, _time.GetUtcNow(), ex.Message);
                }
            }
        }

        Advance();
        if (_pendingEvents.Count > 0)
        {
            await PersistAndDispatchAsync();
            foreach (var step in expired)
            {
                await _audit.AppendAsync(new AuditRecord(AuditKinds.Rejection, "system", GoalId, step.Spec.Id, Tool: step.Spec.Tool ?? step.Spec.Skill, Outcome: "timed-out", Detail: step.Error), CancellationToken.None);
            }

            return;
        }

        // Nothing changed: the state already says these steps run, so no write is needed before re-dispatching them.
        var dispatch = _toDispatch.ToArray();
        _toDispatch.Clear();
        foreach (var (_, work) in dispatch)
        {
            _ = DispatchAsync(work);
        }
    }

    private void StartWatchdog(TimeSpan dueTime)
    {
        _watchdog?.Dispose();
        _watchdog = this.RegisterGrainTimer(
            TickAsync,
            new GrainTimerCreationOptions { DueTime = dueTime, Period = _options.StepWatchdogInterval, Interleave = true, KeepAlive = true });
    }

    private void RebuildStepIndex()
    {
        _scheduler = new StepScheduler(State.Steps);
        _inputs = null;
        _inputsParsed = false;
    }

    private GoalIndexEntry IndexEntry() =>
        new(GoalId, State.Owner, State.Submission!.Title, State.Status, State.CreatedAt, State.UpdatedAt, State.Steps.Count);

    private GoalView View() => new(
        GoalId,
        State.Submission!.Title,
        State.Status,
        State.CreatedAt,
        State.UpdatedAt,
        State.Steps.Select(s => new StepView(s.Spec.Id, s.Spec.Tool, s.Status, s.Attempts, s.StartedAt, s.FinishedAt, s.Output, s.Error, s.Spec.DependsOn, s.Spec.Skill, s.Status == StepStatus.WaitingForApproval ? s.ApprovalRequestedAt : null)).ToList(),
        State.Result,
        State.Error,
        State.Owner,
        State.Submission.Skill);
}
