using System.Globalization;
using PAI.Abstractions.Goals;

namespace PAI.Engine.Goals;

/// <summary>How the DAG progresses once a command has changed a step: the part of the machine every command shares.</summary>
public sealed partial class GoalMachine
{
    private bool IsActive => State.Exists && !State.Status.IsTerminal();

    private void Start(PlanSpec plan, IReadOnlyList<GoalStepState>? kept = null)
    {
        // A re-plan keeps the steps that succeeded (records, outputs and all) and replaces the rest.
        var keep = kept?.ToDictionary(s => s.Spec.Id, StringComparer.Ordinal) ?? [];
        State.Steps = plan.Steps.Select(s => keep.GetValueOrDefault(s.Id) ?? new GoalStepState { Spec = s }).ToList();
        State.Status = GoalStatus.Running;
        Rebuild();
        Touch();
        EmitGoal(null);
        Advance();
    }

    /// <summary>
    /// Decides every transition that follows from the current statuses: skips dependants of failures, holds steps that
    /// need a person, starts ready steps (bounded), and finishes the goal when every step is done.
    /// </summary>
    private void Advance()
    {
        if (State.Status.IsTerminal() || ReplanDue())
        {
            return;
        }

        while (true)
        {
            // Skipping first: a skip can doom further dependants, and never frees a slot for a running step.
            if (_scheduler.TryTakeBlocked(out var blocked, out var blocker))
            {
                SetStep(blocked, StepStatus.Skipped, _now, $"dependency '{blocker}' did not succeed");
                continue;
            }

            if (_scheduler.Running >= _options.MaxParallelSteps || !_scheduler.TryTakeReady(out var step))
            {
                break;
            }

            if (step.Spec.Approval && !step.Approved)
            {
                step.ApprovalRequestedAt = _now;
                SetStep(step, StepStatus.WaitingForApproval, null, null);
                continue;
            }

            if (!_work.TryBuild(step, out var work, out var error))
            {
                SetStep(step, StepStatus.Failed, _now, error);
                continue;
            }

            step.StartedAt = _now;
            step.Attempts = Math.Max(step.Attempts, 1);
            SetStep(step, StepStatus.Running, null, null);
            _transition.Dispatch.Add(work);
        }

        var waiting = _scheduler.Waiting > 0;
        if (waiting != (State.Status == GoalStatus.WaitingForApproval))
        {
            State.Status = waiting ? GoalStatus.WaitingForApproval : GoalStatus.Running;
            EmitGoal(null);
        }

        if (_scheduler.Unfinished == 0)
        {
            FinishFromSteps();
        }
    }

    private void FinishFromSteps()
    {
        var cause = State.Steps.FirstOrDefault(s => s.Status == StepStatus.Failed) ?? State.Steps.FirstOrDefault(s => s.Status != StepStatus.Succeeded);
        if (cause is not null)
        {
            State.Error = cause.Status == StepStatus.Failed ? $"step '{cause.Spec.Id}' failed: {cause.Error}" : $"step '{cause.Spec.Id}' {cause.Status.ToString().ToLowerInvariant()}: {cause.Error}";
            Finish(GoalStatus.Failed);
            return;
        }

        var result = GoalProjections.Result(State);
        var bytes = _bytes + GoalProjections.BytesOf(result);
        if (bytes > _options.MaxGoalStateBytes)
        {
            State.Error = TooLarge("the goal's result would make its state", bytes);
            Finish(GoalStatus.Failed);
            return;
        }

        State.Result = result;
        _bytes = bytes;
        Finish(GoalStatus.Succeeded);
    }

    private void Finish(GoalStatus status)
    {
        State.Status = status;
        State.FinishedAt = _now;
        State.FinishedHandled = !_options.NotifyFinished;
        Touch();
        EmitGoal(State.Error);
        _transition.Notify = new NotifyGoalFinished(GoalProjections.Finished(State), Redelivery: false);
    }

    private void SetStep(GoalStepState step, StepStatus status, DateTimeOffset? finishedAt, string? error)
    {
        var previous = step.Status;
        step.Status = status;
        _scheduler.OnStatusChanged(step, previous);
        if (status.IsTerminal())
        {
            step.FinishedAt = finishedAt;
            step.Error = error is { Length: > MaxErrorChars } ? error[..MaxErrorChars] + "…" : error;
            _bytes += GoalProjections.BytesOf(step.Error);
        }

        Touch();
        Emit("step", step.Spec.Id, status.ToString(), step.Error);
    }

    private void Touch()
    {
        State.UpdatedAt = _now;
        _transition.Changed = true;
    }

    private void EmitGoal(string? detail) => Emit("goal", null, State.Status.ToString(), detail);

    private void Emit(string kind, string? stepId, string status, string? detail) =>
        _transition.Emit(new GoalEvent(++State.EventSequence, kind, stepId, status, _now, detail));

    private string TooLarge(string what, long bytes) => string.Create(
        CultureInfo.InvariantCulture,
        $"{what} {bytes} bytes; the limit is {_options.MaxGoalStateBytes} (Pai:Engine:MaxGoalStateBytes)");

    private void Rebuild()
    {
        _scheduler = new StepScheduler(State.Steps);
        _work = new StepWorkBuilder(State, _scheduler, _options.MaxStepInputBytes);
        _bytes = GoalProjections.EstimatedBytes(State);
    }
}
