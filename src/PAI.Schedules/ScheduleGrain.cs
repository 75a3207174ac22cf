using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Audit;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Schedules;
using PAI.Abstractions.Storage;
using PAI.Principals.Quotas;
using PAI.Schedules.Calendar;

namespace PAI.Schedules;

/// <summary>
/// One schedule. The pure <see cref="ScheduleMachine"/> decides; this grain persists each decision before acting on it
/// and submits goals through <see cref="IGoalGrain.SubmitAsync"/> with ids from <see cref="ScheduleGoalIds"/>.
/// Wake-ups: a grain timer at the next fire time (precision; it keeps the grain active), and an Orleans reminder every
/// <see cref="ScheduleOptions.WakeReminderPeriod"/> (durability: after a crash or failover it reactivates the grain,
/// which then catches up under the misfire policy). Not reentrant: one decision at a time.
/// </summary>
public sealed partial class ScheduleGrain(
    [PersistentState("schedule", StorageNames.Grains)] IPersistentState<ScheduleState> state,
    IOptions<ScheduleOptions> options,
    PrincipalQuotas quotas,
    IAuditStore audit,
    TimeProvider time,
    ILogger<ScheduleGrain> logger) : Grain, IScheduleGrain, IRemindable
{
    private const string WakeReminder = "wake";
    private const int MaxStepsPerRun = 32;

    private readonly ScheduleOptions _options = options.Value;
    private ScheduleCalendar? _calendar;
    private IGrainTimer? _timer;

    private ScheduleState State => state.State;

    private string ScheduleId => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Exists && !State.Paused)
        {
            // Catch up (fires missed while no activation existed) right after activation, outside OnActivateAsync.
            ArmTimer(TimeSpan.Zero);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<CreateScheduleResult> CreateAsync(string owner, ScheduleDefinition definition, string bodyDigest)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (State.Owner is not null)
        {
            var same = State.Owner == owner && State.BodyDigest == bodyDigest && !State.Deleted;
            return new CreateScheduleResult(same ? SubmitOutcome.Duplicate : SubmitOutcome.Conflict, same ? View() : null);
        }

        var now = time.GetUtcNow();
        var errors = new List<PlanError>();
        var calendar = ScheduleCalendar.TryCreate(definition.Cron, definition.Every, definition.Cron is null ? null : definition.TimeZone, now, errors)
            ?? throw new ArgumentException(string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")), nameof(definition));

        if (!await GrainFactory.GetGrain<IScheduleDirectoryGrain>(0).AddAsync(new ScheduleDirectoryEntry(ScheduleId, owner, definition.Name, now), _options.MaxPerPrincipal))
        {
            return new CreateScheduleResult(SubmitOutcome.Invalid, null, $"principal '{owner}' already has {_options.MaxPerPrincipal} schedules");
        }

        State.Owner = owner;
        State.Definition = definition;
        State.BodyDigest = bodyDigest;
        State.CreatedAt = now;
        State.Progress = new ScheduleProgress(now);
        _calendar = calendar;
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(WakeReminder, _options.WakeReminderPeriod, _options.WakeReminderPeriod);
        ScheduleNext();
        LogCreated(logger, ScheduleId, owner, definition.Name);
        await audit.AppendAsync(new AuditRecord(AuditKinds.ScheduleCreated, owner, Outcome: "created", Detail: $"schedule {ScheduleId} '{definition.Name}'"));
        return new CreateScheduleResult(SubmitOutcome.Accepted, View());
    }

    /// <inheritdoc />
    public Task<ScheduleView?> GetAsync() => Task.FromResult(State.Exists ? View() : null);

    /// <inheritdoc />
    public async Task<ScheduleView?> PauseAsync(string actor)
    {
        if (!State.Exists)
        {
            return null;
        }

        if (!State.Paused)
        {
            State.Paused = true;
            await state.WriteStateAsync();
            _timer?.Dispose();
            _timer = null;
            await UnregisterWakeAsync();
            await audit.AppendAsync(new AuditRecord(AuditKinds.SchedulePaused, actor, Outcome: "paused", Detail: $"schedule {ScheduleId}"));
        }

        return View();
    }

    /// <inheritdoc />
    public async Task<ScheduleView?> ResumeAsync(string actor)
    {
        if (!State.Exists)
        {
            return null;
        }

        if (State.Paused)
        {
            // Fire times while paused are not owed: the schedule goes on from now.
            var now = time.GetUtcNow();
            State.Paused = false;
            State.Progress = State.Progress! with { LastFireTime = now > State.Progress.LastFireTime ? now : State.Progress.LastFireTime, Queued = null };
            await state.WriteStateAsync();
            await this.RegisterOrUpdateReminder(WakeReminder, _options.WakeReminderPeriod, _options.WakeReminderPeriod);
            ScheduleNext();
            await audit.AppendAsync(new AuditRecord(AuditKinds.ScheduleResumed, actor, Outcome: "resumed", Detail: $"schedule {ScheduleId}"));
        }

        return View();
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string actor)
    {
        if (!State.Exists)
        {
            return false;
        }

        State.Deleted = true;
        await state.WriteStateAsync();
        _timer?.Dispose();
        _timer = null;
        await UnregisterWakeAsync();
        await GrainFactory.GetGrain<IScheduleDirectoryGrain>(0).RemoveAsync(ScheduleId);
        LogDeleted(logger, ScheduleId, actor);
        await audit.AppendAsync(new AuditRecord(AuditKinds.ScheduleDeleted, actor, Outcome: "deleted", Detail: $"schedule {ScheduleId} '{State.Definition!.Name}'"));
        DeactivateOnIdle();
        return true;
    }

    /// <inheritdoc />
    public Task WakeAsync()
    {
        if (State.Exists && !State.Paused && _timer is null)
        {
            ArmTimer(TimeSpan.Zero);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!State.Exists || State.Paused)
        {
            await UnregisterWakeAsync();
            return;
        }

        await RunAsync();
    }

    /// <summary>
    /// Runs the machine; when the store or a goal grain fails, the decision persisted so far stands (a fire in flight
    /// stays in flight) and the timer tries again shortly; the reminder would too.
    /// </summary>
    private async Task RunAsync()
    {
        try
        {
            await RunStepsAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRunFailed(logger, ex, ScheduleId, _options.RetryDelay);
            if (State.Exists && !State.Paused)
            {
                ArmTimer(_options.RetryDelay);
            }
        }
    }

    private async Task RunStepsAsync()
    {
        if (!State.Exists || State.Paused)
        {
            return;
        }

        var calendar = Calendar();
        for (var i = 0; i < MaxStepsPerRun; i++)
        {
            var now = time.GetUtcNow();
            var progress = State.Progress!;
            var previousUnfinished = ScheduleMachine.NeedsPreviousStatus(calendar, State.Definition!, progress, now) && await IsUnfinishedAsync(progress.LastGoalId!);
            var step = ScheduleMachine.Tick(calendar, State.Definition!, progress, now, previousUnfinished, _options.MisfireThreshold, _options.QueuePollInterval);
            var retry = progress.InFlight is not null;
            if (step.Progress != progress || step.Records.Count > 0)
            {
                State.Progress = step.Progress;
                Record(step.Records);
                await state.WriteStateAsync();
            }

            if (step.Submit is not { } fireTime)
            {
                if (step.NextWake is { } wake && wake <= now)
                {
                    continue;
                }

                ArmAt(step.NextWake, now);
                return;
            }

            await FireAsync(fireTime, retry);
        }

        // Still busy after many steps (a long backlog of queue and overlap decisions): continue right away.
        ArmTimer(TimeSpan.Zero);
    }

    /// <summary>Submits the goal of one fire (its intent is already persisted), then records the outcome.</summary>
    private async Task FireAsync(DateTimeOffset fireTime, bool retry)
    {
        var goalId = ScheduleGoalIds.GoalIdOf(ScheduleId, fireTime);
        var owner = State.Owner!;
        ScheduleFire fire;

        // A retried fire was admitted before the crash; asking again could refuse a goal that already exists.
        await using (var admission = retry ? QuotaAdmission.Unlimited : await quotas.AdmitAsync(owner))
        {
            if (admission.Refusal is { } refusal)
            {
                fire = new ScheduleFire(fireTime, ScheduleFireOutcome.SkippedQuota, null, time.GetUtcNow(), refusal.Message);
            }
            else
            {
                var command = new SubmitGoalCommand(owner, State.Definition!.Goal, ScheduleGoalIds.DigestOf(ScheduleId, fireTime));
                var result = await GrainFactory.GetGrain<IGoalGrain>(goalId).SubmitAsync(command);
                fire = result.Outcome switch
                {
                    SubmitOutcome.Accepted or SubmitOutcome.Duplicate => new ScheduleFire(fireTime, ScheduleFireOutcome.Submitted, goalId, time.GetUtcNow()),
                    SubmitOutcome.Invalid => new ScheduleFire(fireTime, ScheduleFireOutcome.Refused, null, time.GetUtcNow(), string.Join("; ", result.Errors.Select(e => $"{e.Path}: {e.Message}"))),
                    _ => new ScheduleFire(fireTime, ScheduleFireOutcome.Refused, null, time.GetUtcNow(), $"goal {goalId} exists with another body"),
                };
                if (result.Outcome == SubmitOutcome.Accepted)
                {
                    LogFired(logger, ScheduleId, fireTime, goalId);
                }
            }
        }

        State.Progress = State.Progress! with
        {
            InFlight = null,
            LastGoalId = fire.Outcome == ScheduleFireOutcome.Submitted ? goalId : State.Progress.LastGoalId,
        };
        Record([fire]);
        await state.WriteStateAsync();
    }

    private async Task<bool> IsUnfinishedAsync(string goalId)
    {
        var goal = await GrainFactory.GetGrain<IGoalGrain>(goalId).GetAsync();
        return goal is not null && !goal.Status.IsTerminal();
    }

    private void Record(IReadOnlyList<ScheduleFire> fires)
    {
        foreach (var fire in fires)
        {
            State.Recent.Insert(0, fire);
            var outcome = fire.Outcome.ToString();
            ScheduleTelemetry.Fires.Add(1, new KeyValuePair<string, object?>("outcome", char.ToLowerInvariant(outcome[0]) + outcome[1..]));
            if (fire.Outcome == ScheduleFireOutcome.Submitted)
            {
                ScheduleTelemetry.FireDelay.Record((fire.At - fire.FireTime).TotalSeconds);
            }
        }

        if (State.Recent.Count > _options.HistoryLength)
        {
            State.Recent.RemoveRange(_options.HistoryLength, State.Recent.Count - _options.HistoryLength);
        }
    }

    private void ScheduleNext()
    {
        var now = time.GetUtcNow();
        ArmAt(Calendar().NextAfter(State.Progress!.LastFireTime > now ? State.Progress.LastFireTime : now), now);
    }

    private void ArmAt(DateTimeOffset? wake, DateTimeOffset now)
    {
        if (wake is { } at)
        {
            ArmTimer(at > now ? at - now : TimeSpan.Zero);
        }
        else
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void ArmTimer(TimeSpan due)
    {
        _timer?.Dispose();
        _timer = this.RegisterGrainTimer(
            _ => RunAsync(),
            new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { KeepAlive = true, Interleave = false });
    }

    private async Task UnregisterWakeAsync()
    {
        if (await this.GetReminder(WakeReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private ScheduleCalendar Calendar()
    {
        if (_calendar is null)
        {
            var definition = State.Definition!;
            var errors = new List<PlanError>();
            _calendar = ScheduleCalendar.TryCreate(definition.Cron, definition.Every, definition.Cron is null ? null : definition.TimeZone, State.CreatedAt, errors)
                ?? throw new InvalidOperationException($"schedule {ScheduleId} has an invalid stored definition: {string.Join("; ", errors.Select(e => e.Message))}");
        }

        return _calendar;
    }

    private ScheduleView View()
    {
        var progress = State.Progress!;
        var now = time.GetUtcNow();
        var from = progress.LastFireTime > now ? progress.LastFireTime : now;
        return new ScheduleView(
            ScheduleId,
            State.Owner!,
            State.Definition!,
            State.Paused,
            State.CreatedAt,
            progress.LastFireTime > State.CreatedAt ? progress.LastFireTime : null,
            progress.LastGoalId,
            progress.Queued,
            State.Paused ? [] : Calendar().Upcoming(from, _options.NextCount),
            State.Recent.ToList());
    }
}
