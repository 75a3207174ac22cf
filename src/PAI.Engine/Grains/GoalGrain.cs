using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Planning;
using PAI.Abstractions.Steps;
using PAI.Abstractions.Storage;
using PAI.Engine.Goals;
using PAI.Engine.Persistence;

namespace PAI.Engine.Grains;

/// <summary>
/// Owns one goal. Decides nothing itself: every command goes through <see cref="GoalMachine"/>, and the grain carries
/// out the effects in the order given: persist first, then what the durable state enables. Reentrant: commands are
/// applied synchronously between awaits, and concurrent transitions share one coalesced state write. An unfinished goal
/// stays active (its watchdog keeps it alive); a finished one is read back from the store when asked about, and leaves
/// memory after two idle minutes (or at once when its finish is handled), so resident memory follows the goals in flight.
/// </summary>
[Reentrant]
[CollectionAgeLimit(Minutes = 2)]
public sealed partial class GoalGrain : Grain, IGoalGrain
{
    private readonly IPersistentState<GoalState> _state;
    private readonly GoalEffectRunner _effects;
    private readonly GoalFinishedNotifier _finished;
    private readonly EngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<GoalGrain> _logger;
    private readonly ResilientStateWriter<GoalState> _writer;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private GoalMachine _machine = null!;
    private IGrainTimer? _watchdog;

    // The last event whose transition is durable: what a reader of the feed may be given.
    private long _eventsDurableThrough;

    // The index writes of transitions under way: GET waits for them, so a status it shows is already what lists,
    // counts and quotas read.
    private Task _indexWrites = Task.CompletedTask;

    /// <summary>Creates the grain.</summary>
    public GoalGrain(
        [PersistentState("goal", StorageNames.Grains)] IPersistentState<GoalState> state,
        IGoalIndex index,
        GoalAuditWriter audit,
        StepDispatcher steps,
        GoalFinishedNotifier finished,
        IOptions<EngineOptions> options,
        TimeProvider time,
        ILogger<GoalGrain> logger)
    {
        (_state, _finished, _options, _time, _logger) = (state, finished, options.Value, time, logger);
        _effects = new GoalEffectRunner(this.GetPrimaryKeyString(), index, audit, steps, logger);

        // A write that cannot be made durable leaves memory ahead of (or beside) the store: drop this activation so that
        // the next call reloads; the new activation's watchdog re-dispatches whatever the store says is running.
        _writer = new ResilientStateWriter<GoalState>(state, logger, time, DeactivateOnIdle);
    }

    private GoalState State => _writer.State;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _machine = NewMachine();
        _eventsDurableThrough = State.EventSequence;
        UpdateWatchdog(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _effects.Observers.Clear();
        _watchdog?.Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<SubmitGoalResult> SubmitAsync(SubmitGoalCommand command) => GatedAsync(async () =>
    {
        var id = this.GetPrimaryKeyString();

        // The fast path: an explicit plan or a skill's template is planned now, so the goal is stored Running.
        var planned = State.Exists ? null : await GrainFactory.GetGrain<IPlannerGrain>(0).PlanAsync(command.Submission);
        if (planned is { IsValid: false, Deferred: false })
        {
            return new SubmitGoalResult(SubmitOutcome.Invalid, id, GoalStatus.Pending, planned.Errors);
        }

        var transition = Apply(new SubmitGoal(id, command.Principal, command.Submission, command.BodyDigest, planned?.Plan));
        try
        {
            await CarryOutAsync(transition);
        }
        catch when (transition.Answer == GoalAnswer.Accepted)
        {
            await ForgetFailedSubmitAsync();
            throw;
        }

        if (transition.Answer == GoalAnswer.Accepted)
        {
            LogAccepted(_logger, id, State.Steps.Count, command.Principal);
            EngineTelemetry.GoalsSubmitted.Add(1);
        }

        return new SubmitGoalResult(transition.Answer.ToSubmitOutcome(), id, State.Exists ? State.Status : GoalStatus.Pending, transition.Errors);
    });

    /// <inheritdoc />
    public Task<GoalView?> GetAsync() => GatedAsync(async () =>
    {
        // Show only what the store holds: a transition decided in memory is visible once its write has landed, and
        // once its index row is written (a failed row write is logged and repaired later; it does not hold GET up).
        await _writer.WhenDurableAsync();
        await _indexWrites;
        return State.Exists ? GoalProjections.View(State) : null;
    });

    /// <inheritdoc />
    public Task<bool> CancelAsync(string principal) =>
        GatedAsync(async () => (await RunAsync(new CancelGoal(principal))).Answer == GoalAnswer.Applied);

    /// <inheritdoc />
    public Task<bool> ResumeAsync() =>
        GatedAsync(async () => (await RunAsync(new ResumeGoal())).Answer != GoalAnswer.NotFound);

    /// <inheritdoc />
    public Task OnStepFinishedAsync(StepOutcome outcome) => RunAsync(new RecordStepOutcome(outcome));

    /// <inheritdoc />
    public Task OnStepAttemptAsync(string stepId, int attempt) => RunAsync(new RecordStepAttempt(stepId, attempt));

    /// <inheritdoc />
    public async Task<PAI.Abstractions.Models.BudgetStatus> RecordModelUsageAsync(PAI.Abstractions.Models.ModelUsageReport report)
    {
        await RunAsync(new RecordModelUsage(report));
        return _machine.Budget();
    }

    /// <inheritdoc />
    public Task<ApprovalResult> DecideAsync(string stepId, string principal, bool approve, string? comment = null) =>
        GatedAsync(async () => (await RunAsync(new DecideApproval(stepId, principal, approve, comment))).Answer.ToApprovalResult());

    private GoalTransition Apply(GoalCommand command) => _machine.Apply(command, _time.GetUtcNow());

    private async Task<GoalTransition> RunAsync(GoalCommand command)
    {
        var transition = Apply(command);
        await CarryOutAsync(transition);
        return transition;
    }

    /// <summary>
    /// A submit whose reservation or first write failed: the store is the only truth (a failed write may still have
    /// landed), so reload it; with no state there, the reservation goes too. When even that fails the row stays
    /// <c>Pending</c> (never listed as running; GET says not found) until the next resume scan removes it.
    /// </summary>
    private async Task ForgetFailedSubmitAsync()
    {
        try
        {
            await _state.ReadStateAsync();
            if (!_state.RecordExists)
            {
                _state.State = new GoalState();
                await _effects.CarryOutAsync(new RemoveIndex());
            }
        }
        catch (Exception ex)
        {
            LogSubmitCleanupFailed(_logger, ex, this.GetPrimaryKeyString());
            _state.State = new GoalState();
        }

        _machine = NewMachine();
        _eventsDurableThrough = State.EventSequence;
    }

    /// <summary>Runs the watchdog while the goal has work in flight (or a finish to deliver); stops it after.</summary>
    private void UpdateWatchdog(TimeSpan dueTime)
    {
        var needed = State.Exists && !(State.Status.IsTerminal() && State.FinishedHandled);
        if (needed && _watchdog is null)
        {
            _watchdog = this.RegisterGrainTimer(
                async _ =>
                {
                    await RunAsync(new ExpireApprovals());
                    await RunAsync(new WatchdogTick());
                },
                new GrainTimerCreationOptions { DueTime = dueTime, Period = _options.StepWatchdogInterval, Interleave = true, KeepAlive = true });
        }
        else if (!needed && _watchdog is not null)
        {
            _watchdog.Dispose();
            _watchdog = null;
        }
    }

    /// <summary>
    /// Runs the calls that come from outside one at a time (step reports and the watchdog interleave): while a submit is
    /// under way memory may hold a goal the store does not, and an orphaned reservation may be removed only then.
    /// </summary>
    private async Task<T> GatedAsync<T>(Func<Task<T>> call)
    {
        await _gate.WaitAsync();
        try
        {
            return await call();
        }
        finally
        {
            _gate.Release();
        }
    }

    private GoalMachine NewMachine() => new(State, GoalMachineOptions.From(_options, _finished.HasHandlers));
}
