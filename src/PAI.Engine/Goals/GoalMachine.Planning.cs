using PAI.Abstractions.Audit;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Models;
using PAI.Abstractions.Planning;

namespace PAI.Engine.Goals;

/// <summary>Plans from the model planner, re-planning after a failure, model usage and budgets, and approvals a running
/// step asks for (a model's tool call that needs a person).</summary>
public sealed partial class GoalMachine
{
    /// <summary>The prefix of errors that end model work because a budget ran out (never re-planned around).</summary>
    public const string BudgetExhausted = "budget exhausted";

    /// <summary>Where the goal stands against its budget.</summary>
    public BudgetStatus Budget()
    {
        var used = State.Usage.Values.Sum(u => u.TotalTokens);
        var budget = State.Submission?.Budget;
        string? exhausted = null;
        if (budget?.MaxTokens is { } max && used >= max)
        {
            exhausted = $"{BudgetExhausted}: the goal used {used} model tokens of its {max}";
        }
        else if (budget?.Deadline is { } deadline && State.CreatedAt + deadline <= _now)
        {
            exhausted = $"{BudgetExhausted}: the goal's deadline ({deadline} after submission) has passed";
        }

        return new BudgetStatus(used, exhausted);
    }

    private GoalAnswer OnPlanReady(PlanResult result)
    {
        if (!State.Exists || State.Status != GoalStatus.Planning)
        {
            return GoalAnswer.Ignored;
        }

        var version = Math.Max(State.PlanVersion, State.Steps.Count > 0 ? 1 : 0) + 1;
        if (result.Planning is { } planning && planning.Version != version)
        {
            // An answer to an earlier request (a re-plan that was already applied, say): nothing to do with it.
            return GoalAnswer.Ignored;
        }

        if (result.Planning is { Model: { } model, Usage: { } usage })
        {
            AddUsage(model, usage);
        }

        var replan = State.PendingReplan;
        if (!result.IsValid)
        {
            var why = string.Join("; ", result.Errors.Select(e => e.Path.Length == 0 ? e.Message : $"{e.Path}: {e.Message}"));
            State.Error = replan is null ? "planning failed: " + why : $"step '{replan.StepId}' failed: {replan.Error}; re-planning failed: {why}";
            State.PendingReplan = null;
            SkipUnfinished("the goal could not be re-planned");
            Finish(GoalStatus.Failed);
            return GoalAnswer.Applied;
        }

        var kept = State.Steps.Where(s => s.Status == StepStatus.Succeeded).ToList();
        var bytes = _bytes + GoalProjections.PlanBytes(result.Plan!.Steps);
        if (bytes > _options.MaxGoalStateBytes)
        {
            State.Error = "planning failed: " + TooLarge("the plan would make the goal's state", bytes);
            State.PendingReplan = null;
            SkipUnfinished("the plan was too large");
            Finish(GoalStatus.Failed);
            return GoalAnswer.Applied;
        }

        State.PlanVersion = version;
        State.Plans.Add(result.Planning ?? new PlanningRecord(version, "model", null, null, 1, replan is null ? null : $"step '{replan.StepId}' failed: {replan.Error}", [], _now));
        State.PendingReplan = null;
        if (replan is not null)
        {
            _transition.Audit(new AuditRecord(AuditKinds.GoalReplanned, "system", State.Id, Outcome: "re-planned", Detail: $"plan v{version} after step '{replan.StepId}' failed"));
        }

        Start(new PlanSpec([.. kept.Select(s => s.Spec), .. result.Plan.Steps]), kept);
        return GoalAnswer.Applied;
    }

    private GoalAnswer OnUsage(ModelUsageReport report)
    {
        if (!State.Exists || report.Usage.Calls == 0)
        {
            return GoalAnswer.Ignored;
        }

        AddUsage(report.Model, report.Usage);
        return GoalAnswer.Applied;
    }

    private void AddUsage(string model, ModelUsage usage)
    {
        State.Usage[model] = State.Usage.TryGetValue(model, out var sum) ? sum.Add(usage) : usage;
        _transition.Changed = true;
    }

    /// <summary>A running step (a model's tool call) needs a person: the step waits, and runs again once approved.</summary>
    private GoalAnswer OnApprovalAsked(GoalStepState step, string? request)
    {
        step.ApprovalRequest = request is { Length: > MaxErrorChars } ? request[..MaxErrorChars] + "…" : request;
        step.ApprovalRequestedAt = _now;
        SetStep(step, StepStatus.WaitingForApproval, null, null);
        Emit("step", step.Spec.Id, "ApprovalRequested", step.ApprovalRequest);
        Advance();
        return GoalAnswer.Applied;
    }

    /// <summary>After a step failed for good: a goal the model planned gets a revised plan (bounded), once nothing runs.</summary>
    private void ConsiderReplan(GoalStepState step)
    {
        if (State.PendingReplan is null
            && State.Replans < _options.MaxReplans
            && State.Plans.LastOrDefault()?.Source == "model"
            && step.Error?.StartsWith(BudgetExhausted, StringComparison.Ordinal) != true
            && Budget().Exhausted is null)
        {
            State.PendingReplan = new PendingReplan(step.Spec.Id, step.Error ?? "failed");
        }
    }

    /// <summary>Starts a due re-plan once no step runs; true while one is due (nothing else may start meanwhile).</summary>
    private bool ReplanDue()
    {
        if (State.PendingReplan is null)
        {
            return false;
        }

        if (_scheduler.Running == 0 && State.Status != GoalStatus.Planning)
        {
            State.Replans++;
            State.Status = GoalStatus.Planning;
            Touch();
            EmitGoal($"re-planning after step '{State.PendingReplan.StepId}' failed");
            _transition.PlanRequest = PlanRequest();
        }

        return true;
    }

    private ModelPlanRequest PlanRequest()
    {
        var version = Math.Max(State.PlanVersion, State.Steps.Count > 0 ? 1 : 0) + 1;
        if (State.PendingReplan is not { } replan)
        {
            return new ModelPlanRequest(State.Id, State.Owner, State.Submission!, version);
        }

        var kept = State.Steps.Where(s => s.Status == StepStatus.Succeeded).Select(s => new KeptStep(s.Spec, s.Output)).ToList();
        return new ModelPlanRequest(State.Id, State.Owner, State.Submission!, version, new ReplanContext(replan.StepId, replan.Error, kept, State.Steps.Select(s => s.Spec).ToList()));
    }

    private void SkipUnfinished(string reason)
    {
        foreach (var step in State.Steps.Where(s => !s.Status.IsTerminal()))
        {
            SetStep(step, StepStatus.Skipped, _now, reason);
        }
    }
}
