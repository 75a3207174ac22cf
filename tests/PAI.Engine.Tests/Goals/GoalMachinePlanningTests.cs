using PAI.Abstractions.Goals;
using PAI.Abstractions.Models;
using PAI.Abstractions.Planning;
using PAI.Abstractions.Steps;
using PAI.Engine.Goals;
using static PAI.Engine.Tests.Goals.MachineHarness;

namespace PAI.Engine.Tests.Goals;

/// <summary>The machine's model paths: plan versions, re-planning after a failure, usage and budgets, and approvals a
/// running step asks for.</summary>
public sealed class GoalMachinePlanningTests
{
    private static PlanningRecord Record(int version) => new(version, "model", "m", new ModelUsage(1, 10, 5, TimeSpan.FromSeconds(1)), 1, null, [], Start);

    private static MachineHarness ModelPlanned(int maxReplans = 2, GoalBudget? budget = null, params StepSpec[] steps)
    {
        var goal = new MachineHarness(DefaultOptions() with { MaxReplans = maxReplans });
        goal.Apply(new SubmitGoal("g1", "alice", new GoalSubmission("free-form", null, null, null, null, null, Budget: budget), "d", null));
        goal.Apply(new PlanReady(new PlanResult(new PlanSpec(steps), [], Planning: Record(1))));
        return goal;
    }

    [Fact]
    public void PlanReady_FromTheModel_RecordsVersionModelAndUsage()
    {
        var goal = ModelPlanned(steps: Tool("a"));

        Assert.Equal(1, goal.State.PlanVersion);
        Assert.Equal("m", Assert.Single(goal.State.Plans).Model);
        Assert.Equal(15, goal.State.Usage["m"].TotalTokens);
    }

    [Fact]
    public void PlanReady_ForAnotherVersion_IsIgnored()
    {
        var goal = new MachineHarness();
        goal.Apply(new SubmitGoal("g1", "alice", new GoalSubmission("free-form", null, null, null, null, null), "d", null));

        var t = goal.Apply(new PlanReady(new PlanResult(new PlanSpec([Tool("a")]), [], Planning: Record(3))));

        Assert.Equal(GoalAnswer.Ignored, t.Answer);
        Assert.Equal(GoalStatus.Planning, goal.State.Status);
    }

    [Fact]
    public void StepFailingForGood_WhileOthersRun_ReplansOnlyOnceNothingRuns_KeepingSucceededSteps()
    {
        var goal = ModelPlanned(steps: [Tool("a"), Tool("b", null, "a"), Tool("c", null, "a"), Tool("d", null, "b")]);
        goal.Succeed("a", """{"v":1}""");

        var failed = goal.Fail("b", "broken");
        Assert.Equal(GoalStatus.Running, goal.State.Status);
        Assert.False(failed.Has<RequestPlan>());
        Assert.Equal(StepStatus.Pending, goal.Step("d").Status);

        var last = goal.Succeed("c");
        var request = last.Single<RequestPlan>().Request;
        Assert.Equal(GoalStatus.Planning, goal.State.Status);
        Assert.Equal((2, "b", "broken"), (request.Version, request.Replan!.FailedStep, request.Replan.Error));
        Assert.Equal(["a", "c"], request.Replan.Kept.Select(k => k.Spec.Id));

        var replanned = goal.Apply(new PlanReady(new PlanResult(new PlanSpec([Tool("e", null, "a")]), [], Planning: Record(2))));
        Assert.Equal(["a", "c", "e"], goal.State.Steps.Select(s => s.Spec.Id));
        Assert.Equal("""{"v":1}""", goal.Step("a").Output);
        Assert.Equal(["e"], replanned.DispatchedIds());
        Assert.Equal(2, goal.State.PlanVersion);

        goal.Succeed("e");
        Assert.Equal(GoalStatus.Succeeded, goal.State.Status);
    }

    [Fact]
    public void Replans_AreBounded_ThenTheFailureFailsTheGoal()
    {
        var goal = ModelPlanned(maxReplans: 1, steps: Tool("a"));
        goal.Fail("a", "first");
        goal.Apply(new PlanReady(new PlanResult(new PlanSpec([Tool("b")]), [], Planning: Record(2))));

        var t = goal.Fail("b", "second");

        Assert.False(t.Has<RequestPlan>());
        Assert.Equal(GoalStatus.Failed, goal.State.Status);
        Assert.Contains("second", goal.State.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void FailureOfASubmittedPlan_IsNotReplanned()
    {
        var goal = new MachineHarness(DefaultOptions() with { MaxReplans = 2 });
        goal.Submit(Tool("a"));

        goal.Fail("a");

        Assert.Equal(GoalStatus.Failed, goal.State.Status);
    }

    [Fact]
    public void BudgetExhaustedFailure_IsNotReplanned()
    {
        var goal = ModelPlanned(steps: Tool("a"));

        goal.Fail("a", GoalMachine.BudgetExhausted + ": out of tokens");

        Assert.Equal(GoalStatus.Failed, goal.State.Status);
    }

    [Fact]
    public void RecordModelUsage_AddsUp_AndTheTokenBudgetRunsOut()
    {
        var goal = ModelPlanned(budget: new GoalBudget(MaxTokens: 100), steps: Tool("a"));

        goal.Apply(new RecordModelUsage(new ModelUsageReport("a", "m", "default", new ModelUsage(1, 60, 20, TimeSpan.FromSeconds(1)))));
        var status = goal.Machine.Budget();

        Assert.Equal(95, status.TokensUsed);
        Assert.Null(status.Exhausted);
        goal.Apply(new RecordModelUsage(new ModelUsageReport("a", "m", "default", new ModelUsage(1, 5, 0, TimeSpan.Zero))));
        Assert.StartsWith(GoalMachine.BudgetExhausted, goal.Machine.Budget().Exhausted, StringComparison.Ordinal);
    }

    [Fact]
    public void RunningStepAskingForApproval_Waits_AndRunsAgainOnceApprovedWithTheApprovalCounted()
    {
        var goal = ModelPlanned(steps: Tool("a"));

        goal.Apply(new RecordStepOutcome(new StepOutcome("a", StepStatus.WaitingForApproval, 1, goal.Now, goal.Now, null, "call tool x")));
        Assert.Equal((StepStatus.WaitingForApproval, "call tool x"), (goal.Step("a").Status, goal.Step("a").ApprovalRequest));
        Assert.Equal(GoalStatus.WaitingForApproval, goal.State.Status);

        var approved = goal.Apply(new DecideApproval("a", "bob", Approve: true));

        var work = Assert.Single(approved.Single<DispatchSteps>().Work);
        Assert.Equal(1, work.Approvals);
        Assert.Equal(GoalStatus.Running, goal.State.Status);
    }
}
