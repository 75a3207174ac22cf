using PAI.Abstractions.Audit;
using PAI.Abstractions.Goals;
using PAI.Engine.Goals;
using static PAI.Engine.Tests.Goals.MachineHarness;

namespace PAI.Engine.Tests.Goals;

public sealed class GoalMachineApprovalTests
{
    private static MachineHarness WaitingGoal()
    {
        var goal = new MachineHarness();
        goal.Submit(Tool("a") with { Approval = true }, Tool("b", null, "a"));
        return goal;
    }

    [Fact]
    public void Submit_StepNeedsApproval_WaitsAndGoalShowsIt()
    {
        var goal = new MachineHarness();

        var t = goal.Submit(Tool("a") with { Approval = true }, Tool("b", null, "a"));

        Assert.False(t.Has<DispatchSteps>());
        Assert.Equal(StepStatus.WaitingForApproval, goal.Step("a").Status);
        Assert.Equal(goal.Now, goal.Step("a").ApprovalRequestedAt);
        Assert.Equal(GoalStatus.WaitingForApproval, goal.State.Status);
        Assert.Equal(GoalStatus.WaitingForApproval, t.Single<UpdateIndex>().Entry.Status);
    }

    [Fact]
    public void Approve_WaitingStep_StartsItAndAudits()
    {
        var goal = WaitingGoal();

        var t = goal.Apply(new DecideApproval("a", "carol", Approve: true));

        Assert.Equal(GoalAnswer.Applied, t.Answer);
        Assert.Equal(["a"], t.DispatchedIds());
        Assert.Equal(GoalStatus.Running, goal.State.Status);
        var entry = Assert.Single(t.Single<AppendAudit>().Entries);
        Assert.Equal((AuditKinds.Approval, "carol", "a"), (entry.Kind, entry.Principal, entry.StepId));
    }

    [Fact]
    public void Reject_WaitingStep_FailsItSkipsDependantsAndAudits()
    {
        var goal = WaitingGoal();

        var t = goal.Apply(new DecideApproval("a", "carol", Approve: false));

        Assert.Equal(GoalStatus.Failed, goal.State.Status);
        Assert.Equal("rejected by carol", goal.Step("a").Error);
        Assert.Equal(StepStatus.Skipped, goal.Step("b").Status);
        Assert.Equal(AuditKinds.Rejection, Assert.Single(t.Single<AppendAudit>().Entries).Kind);
    }

    [Fact]
    public void Decide_UnknownStepOrNotWaiting_SaysSoAndChangesNothing()
    {
        var goal = WaitingGoal();

        Assert.Equal(GoalAnswer.NotFound, goal.Apply(new DecideApproval("zz", "carol", true)).Answer);
        Assert.Equal(GoalAnswer.NotWaiting, goal.Apply(new DecideApproval("b", "carol", true)).Answer);
        Assert.Equal(StepStatus.WaitingForApproval, goal.Step("a").Status);
    }

    [Fact]
    public void ExpireApprovals_BeforeTheTimeout_DoesNothing()
    {
        var goal = WaitingGoal();
        goal.Now += goal.Options.ApprovalTimeout - TimeSpan.FromSeconds(1);

        var t = goal.Apply(new ExpireApprovals());

        Assert.Equal(GoalAnswer.Ignored, t.Answer);
        Assert.False(t.Single<PersistState>().Changed);
    }

    [Fact]
    public void ExpireApprovals_AfterTheTimeout_RejectsAsSystemAndAudits()
    {
        var goal = WaitingGoal();
        goal.Now += goal.Options.ApprovalTimeout;

        var t = goal.Apply(new ExpireApprovals());

        Assert.Equal(StepStatus.Failed, goal.Step("a").Status);
        Assert.Contains("approval timed out", goal.Step("a").Error, StringComparison.Ordinal);
        var entry = Assert.Single(t.Single<AppendAudit>().Entries);
        Assert.Equal(("system", "timed-out"), (entry.Principal, entry.Outcome));
        Assert.Equal(GoalStatus.Failed, goal.State.Status);
    }
}
