using System.Globalization;
using PAI.Abstractions.Audit;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Planning;
using PAI.Abstractions.Steps;

namespace PAI.Engine.Goals;

/// <summary>
/// The goal's state machine: (state, command) → (new state, effects), deterministic, with no Orleans, no I/O and no
/// clock but the one passed in. It owns the <see cref="GoalState"/> it is built over and changes it in place (copying a
/// 1,000-step state per outcome would make a goal quadratic); the grain persists it and then carries out the effects.
/// </summary>
/// <remarks>
/// Incremental: <see cref="StepScheduler"/> hands over only the steps whose dependencies changed, so an outcome costs
/// O(its dependants). Derived bookkeeping (scheduler, parsed inputs, size estimate) is rebuilt from the state whenever a
/// machine is built over it, so a machine may be dropped and rebuilt at any time.
/// </remarks>
public sealed partial class GoalMachine
{
    // Errors come from tools and may be long; the state keeps their start.
    private const int MaxErrorChars = 4096;

    private readonly GoalMachineOptions _options;
    private readonly TransitionRecorder _transition = new();
    private StepScheduler _scheduler = null!;
    private StepWorkBuilder _work = null!;
    private long _bytes;
    private DateTimeOffset _now;

    /// <summary>Builds the machine over a loaded (or new, empty) state, upgrading state written by older versions.</summary>
    public GoalMachine(GoalState state, GoalMachineOptions options)
    {
        State = state;
        _options = options;
        if (state.Exists && state.Version < GoalState.CurrentVersion)
        {
            // Version 0 had no finished handlers: its finished goals count as handled.
            state.FinishedHandled |= state.Version == 0 && state.Status.IsTerminal();

            // Versions 0 and 1 had no plan versions: a goal with steps follows its first plan.
            if (state.PlanVersion == 0 && state.Steps.Count > 0)
            {
                state.PlanVersion = 1;
            }

            state.Version = GoalState.CurrentVersion;
        }

        Rebuild();
    }

    /// <summary>The state, as the last transition left it.</summary>
    public GoalState State { get; }

    /// <summary>The estimated stored size of the state, in bytes.</summary>
    public long EstimatedBytes => _bytes;

    /// <summary>Applies one command at time <paramref name="now"/>.</summary>
    public GoalTransition Apply(GoalCommand command, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        _transition.Reset();
        _now = now;
        var listedBefore = (GoalProjections.ListedStatus(State), GoalProjections.HandlersPending(State));
        IReadOnlyList<PlanError> errors = [];
        var answer = command switch
        {
            SubmitGoal submit => Submit(submit, out errors),
            PlanReady ready => OnPlanReady(ready.Result),
            RecordStepAttempt attempt => OnAttempt(attempt),
            RecordStepOutcome outcome => OnOutcome(outcome.Outcome),
            RecordModelUsage usage => OnUsage(usage.Report),
            DecideApproval decision => Decide(decision),
            CancelGoal cancel => Cancel(cancel.Principal),
            ExpireApprovals => ExpireOverdueApprovals(),
            WatchdogTick => Tick(),
            ResumeGoal => Resume(),
            FinishedHandled => OnFinishedHandled(),
            _ => throw new ArgumentException($"unknown command {command.GetType().Name}", nameof(command)),
        };
        if (answer == GoalAnswer.Invalid)
        {
            return new GoalTransition([], answer, errors);
        }

        var listed = (GoalProjections.ListedStatus(State), GoalProjections.HandlersPending(State));
        var index = State.Exists && (listed != listedBefore || _transition.RefreshIndex || _transition.Reserve is not null)
            ? GoalProjections.IndexEntry(State, listed.Item1)
            : null;
        return new GoalTransition(_transition.Effects(index), answer, errors);
    }

    private GoalAnswer Submit(SubmitGoal submit, out IReadOnlyList<PlanError> errors)
    {
        errors = [];
        if (State.Exists)
        {
            // A retry: answer from what is stored, and repair an index row an earlier failure may have left behind.
            _transition.RefreshIndex = true;
            return State.BodyDigest == submit.BodyDigest && State.Owner == submit.Principal ? GoalAnswer.Duplicate : GoalAnswer.Conflict;
        }

        var bytes = GoalProjections.SubmissionBytes(submit.Submission) + GoalProjections.PlanBytes(submit.Plan?.Steps ?? []);
        if (bytes > _options.MaxGoalStateBytes)
        {
            errors = [new PlanError("", TooLarge("the goal is", bytes))];
            return GoalAnswer.Invalid;
        }

        State.Id = submit.GoalId;
        State.Owner = submit.Principal;
        State.Submission = submit.Submission;
        State.BodyDigest = submit.BodyDigest;
        State.CreatedAt = _now;
        State.UpdatedAt = _now;
        State.Version = GoalState.CurrentVersion;
        _transition.Changed = true;
        _transition.Reserve = new ReserveIndex(GoalProjections.IndexEntry(State, GoalStatus.Pending));
        var detail = submit.Submission.Skill is { } skill ? $"skill {skill}" : $"{submit.Plan?.Steps.Count ?? 0} step(s)";
        _transition.Audit(new AuditRecord(AuditKinds.GoalSubmitted, submit.Principal, State.Id, Outcome: "accepted", Detail: detail));
        if (submit.Plan is null)
        {
            State.Status = GoalStatus.Planning;
            EmitGoal(null);
            _transition.PlanRequest = PlanRequest();
        }
        else
        {
            State.PlanVersion = 1;
            State.Plans.Add(new PlanningRecord(1, submit.Submission.Skill is null ? "submitted" : "skill", null, null, 0, null, [], _now));
            Start(submit.Plan);
        }

        return GoalAnswer.Accepted;
    }

    private GoalAnswer OnAttempt(RecordStepAttempt attempt)
    {
        if (!IsActive || !_scheduler.TryGet(attempt.StepId, out var step) || step.Status != StepStatus.Running || attempt.Attempt <= step.Attempts)
        {
            return GoalAnswer.Ignored;
        }

        step.Attempts = attempt.Attempt;
        Touch();
        Emit("step", step.Spec.Id, "Retrying", string.Create(CultureInfo.InvariantCulture, $"attempt {attempt.Attempt}"));
        return GoalAnswer.Applied;
    }

    private GoalAnswer OnOutcome(StepOutcome outcome)
    {
        // Only a running step takes an outcome: a repeat (the first report's reply was lost), a report for a cancelled
        // goal, or a report with a non-final status changes nothing.
        if (!IsActive || !_scheduler.TryGet(outcome.StepId, out var step) || step.Status != StepStatus.Running || !(outcome.Status.IsTerminal() || outcome.Status == StepStatus.WaitingForApproval))
        {
            return GoalAnswer.Ignored;
        }

        step.Attempts = Math.Max(step.Attempts, outcome.Attempts);
        step.StartedAt ??= outcome.StartedAt;
        var status = outcome.Status;
        var error = outcome.Error;
        if (outcome.Status == StepStatus.WaitingForApproval)
        {
            return OnApprovalAsked(step, outcome.Error);
        }

        var outputBytes = GoalProjections.BytesOf(outcome.Output);
        if (_bytes + outputBytes > _options.MaxGoalStateBytes)
        {
            status = StepStatus.Failed;
            error = TooLarge(string.Create(CultureInfo.InvariantCulture, $"its output ({outputBytes} bytes) would make the goal's state"), _bytes + outputBytes);
        }
        else
        {
            step.Output = outcome.Output;
            _bytes += outputBytes;
        }

        SetStep(step, status, outcome.FinishedAt, error);
        if (status == StepStatus.Failed)
        {
            ConsiderReplan(step);
        }

        Advance();
        return GoalAnswer.Applied;
    }

    private GoalAnswer Decide(DecideApproval decision)
    {
        if (!State.Exists || !_scheduler.TryGet(decision.StepId, out var step))
        {
            return GoalAnswer.NotFound;
        }

        if (step.Status != StepStatus.WaitingForApproval || State.Status.IsTerminal())
        {
            return GoalAnswer.NotWaiting;
        }

        if (decision.Approve)
        {
            // Back to Pending with its dependencies met: the scheduler hands it to Advance, which starts it.
            step.Approved = true;
            step.Approvals++;
            step.ApprovalRequest = null;
            SetStep(step, StepStatus.Pending, null, null);
        }
        else
        {
            var why = string.IsNullOrWhiteSpace(decision.Comment) ? "" : ": " + decision.Comment;
            SetStep(step, StepStatus.Failed, _now, $"rejected by {decision.Principal}{why}");
        }

        _transition.Audit(new AuditRecord(decision.Approve ? AuditKinds.Approval : AuditKinds.Rejection, decision.Principal, State.Id, step.Spec.Id, Tool: step.Spec.Tool ?? step.Spec.Skill, Outcome: decision.Approve ? "approved" : "rejected", Detail: string.IsNullOrWhiteSpace(decision.Comment) ? null : decision.Comment));
        Advance();
        return GoalAnswer.Applied;
    }

    private GoalAnswer Cancel(string principal)
    {
        if (!State.Exists)
        {
            return GoalAnswer.NotFound;
        }

        if (State.Status.IsTerminal())
        {
            return GoalAnswer.AlreadyFinished;
        }

        var reason = $"cancelled by {principal}";
        foreach (var step in State.Steps.Where(s => !s.Status.IsTerminal()))
        {
            if (step.Status == StepStatus.Running)
            {
                _transition.Cancel(step.Spec.Id);
            }

            SetStep(step, StepStatus.Cancelled, _now, reason);
        }

        State.Error = reason;
        _transition.Audit(new AuditRecord(AuditKinds.GoalCancelled, principal, State.Id, Outcome: "cancelled"));
        Finish(GoalStatus.Cancelled);
        return GoalAnswer.Applied;
    }

    private GoalAnswer ExpireOverdueApprovals()
    {
        if (!IsActive || _scheduler.Waiting == 0)
        {
            return GoalAnswer.Ignored;
        }

        var reason = $"approval timed out after {_options.ApprovalTimeout}";
        foreach (var step in State.Steps.Where(s => s.Status == StepStatus.WaitingForApproval && s.ApprovalRequestedAt + _options.ApprovalTimeout <= _now))
        {
            SetStep(step, StepStatus.Failed, _now, reason);
            _transition.Audit(new AuditRecord(AuditKinds.Rejection, "system", State.Id, step.Spec.Id, Tool: step.Spec.Tool ?? step.Spec.Skill, Outcome: "timed-out", Detail: reason));
        }

        Advance();
        return _transition.Changed ? GoalAnswer.Applied : GoalAnswer.Ignored;
    }

    private GoalAnswer Tick()
    {
        if (!State.Exists)
        {
            return GoalAnswer.NotFound;
        }

        _transition.RefreshIndex = true;
        if (State.Status.IsTerminal())
        {
            if (!State.FinishedHandled)
            {
                _transition.Notify = new NotifyGoalFinished(GoalProjections.Finished(State), Redelivery: true);
            }

            return GoalAnswer.Ignored;
        }

        if (State.Status == GoalStatus.Planning)
        {
            _transition.PlanRequest = PlanRequest();
            return GoalAnswer.Applied;
        }

        // Steps the state says run are started again (StartAsync is idempotent): a lost silo or message heals itself.
        foreach (var step in State.Steps.Where(s => s.Status == StepStatus.Running))
        {
            if (_work.TryBuild(step, out var work, out var error))
            {
                _transition.Dispatch.Add(work);
            }
            else
            {
                SetStep(step, StepStatus.Failed, _now, error);
            }
        }

        Advance();
        return GoalAnswer.Applied;
    }

    private GoalAnswer Resume()
    {
        if (State.Exists)
        {
            return Tick();
        }

        // The index row of a submit whose state write never landed: nothing was acknowledged, so nothing is kept.
        _transition.RemoveIndex = true;
        return GoalAnswer.NotFound;
    }

    private GoalAnswer OnFinishedHandled()
    {
        if (!State.Exists || !State.Status.IsTerminal() || State.FinishedHandled)
        {
            return GoalAnswer.Ignored;
        }

        State.FinishedHandled = true;
        _transition.Changed = true;
        return GoalAnswer.Applied;
    }
}
