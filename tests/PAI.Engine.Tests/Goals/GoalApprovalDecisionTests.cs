using PAI.Abstractions.Audit;
using PAI.Abstractions.Goals;
using PAI.Engine.Goals;
using static PAI.Engine.Tests.Goals.MachineHarness;

namespace PAI.Engine.Tests.Goals;

/// <summary>What a person's decision leaves behind (its comment) and what the API view shows of a step that waited.</summary>
public sealed class GoalApprovalDecisionTests
{
    private static MachineHarness WaitingGoal()
    {
        var goal = new MachineHarness();
        goal.Submit(Tool("a", """{"text":"hi"}""") with { Approval = true, Agent = "ops" }, Tool("b", null, "a"));
        return goal;
    }

    [Fact]
    public void Reject_WithComment_CommentIsInTheErrorAndTheAuditEntry()
    {
        var goal = WaitingGoal();

        var t = goal.Apply(new DecideApproval("a", "carol", Approve: false, Comment: "wrong folder"));

        Assert.Equal("rejected by carol: wrong folder", goal.Step("a").Error);
        var entry = Assert.Single(t.Single<AppendAudit>().Entries);
        Assert.Equal((AuditKinds.Rejection, "rejected", "wrong folder"), (entry.Kind, entry.Outcome, entry.Detail));
    }

    [Fact]
    public void Approve_WithComment_CommentIsInTheAuditEntry()
    {
        var goal = WaitingGoal();

        var t = goal.Apply(new DecideApproval("a", "carol", Approve: true, Comment: "looks right"));

        var entry = Assert.Single(t.Single<AppendAudit>().Entries);
        Assert.Equal((AuditKinds.Approval, "approved", "looks right"), (entry.Kind, entry.Outcome, entry.Detail));
    }

    [Fact]
    public void Decide_BlankComment_AuditHasNoDetail()
    {
        var goal = WaitingGoal();

        var t = goal.Apply(new DecideApproval("a", "carol", Approve: false, Comment: "  "));

        Assert.Null(Assert.Single(t.Single<AppendAudit>().Entries).Detail);
        Assert.Equal("rejected by carol", goal.Step("a").Error);
    }

    [Fact]
    public void View_AfterApproval_KeepsWhenTheWaitBeganAndShowsInputAgentAndApproval()
    {
        var goal = WaitingGoal();
        var askedAt = goal.Step("a").ApprovalRequestedAt;
        goal.Apply(new DecideApproval("a", "carol", Approve: true));

        var step = GoalProjections.View(goal.State).Steps.Single(s => s.Id == "a");

        Assert.Equal(StepStatus.Running, step.Status);
        Assert.NotNull(askedAt);
        Assert.Equal(askedAt, step.ApprovalRequestedAt);
        Assert.Equal("""{"text":"hi"}""", step.Input);
        Assert.Equal("ops", step.Agent);
        Assert.True(step.Approval);
        var other = GoalProjections.View(goal.State).Steps.Single(s => s.Id == "b");
        Assert.False(other.Approval);
        Assert.Null(other.ApprovalRequestedAt);
    }
}
