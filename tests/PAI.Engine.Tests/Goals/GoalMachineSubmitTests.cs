using PAI.Abstractions.Audit;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Planning;
using PAI.Engine.Goals;
using static PAI.Engine.Tests.Goals.MachineHarness;

namespace PAI.Engine.Tests.Goals;

public sealed class GoalMachineSubmitTests
{
    [Fact]
    public void Submit_WithPlan_ReservesIndexThenPersistsThenActs()
    {
        var goal = new MachineHarness();

        var t = goal.Submit(Tool("a"), Tool("b"), Tool("c", null, "a", "b"));

        Assert.Equal(GoalAnswer.Accepted, t.Answer);
        Assert.Equal(
            ["ReserveIndex", "PersistState", "EmitEvents", "UpdateIndex", "DispatchSteps", "AppendAudit"],
            t.Kinds());
        Assert.Equal(GoalStatus.Pending, t.Single<ReserveIndex>().Entry.Status);
        Assert.True(t.Single<PersistState>().Changed);
        Assert.Equal(GoalStatus.Running, t.Single<UpdateIndex>().Entry.Status);
        Assert.Equal(["a", "b"], t.DispatchedIds());
        Assert.Equal(AuditKinds.GoalSubmitted, Assert.Single(t.Single<AppendAudit>().Entries).Kind);
        Assert.Equal(GoalStatus.Running, goal.State.Status);
        Assert.Equal(GoalState.CurrentVersion, goal.State.Version);
        Assert.Equal(StepStatus.Pending, goal.Step("c").Status);
    }

    [Fact]
    public void Submit_SameIdAndBodyAgain_IsDuplicateAndChangesNothing()
    {
        var goal = new MachineHarness();
        goal.Submit(Tool("a"));
        var sequence = goal.State.EventSequence;

        var t = goal.Submit(Tool("a"));

        Assert.Equal(GoalAnswer.Duplicate, t.Answer);
        Assert.False(t.Single<PersistState>().Changed);
        Assert.False(t.Has<DispatchSteps>());
        Assert.Equal(sequence, goal.State.EventSequence);

        // The retry repairs the index row a failed first attempt may have left Pending.
        Assert.Equal(GoalStatus.Running, t.Single<UpdateIndex>().Entry.Status);
    }

    [Fact]
    public void Submit_SameIdOtherBody_IsConflict()
    {
        var goal = new MachineHarness();
        goal.Submit(Tool("a"));

        var t = goal.Apply(new SubmitGoal("g1", "alice", new GoalSubmission("other", null, null, null, null, null), "other digest", null));

        Assert.Equal(GoalAnswer.Conflict, t.Answer);
        Assert.Equal("goal", goal.State.Submission!.Title);
    }

    [Fact]
    public void Submit_LargerThanTheStateLimit_IsInvalidWithNoEffects()
    {
        var goal = new MachineHarness(DefaultOptions() with { MaxGoalStateBytes = 1000 });

        var t = goal.Submit(new string('x', 2000), Tool("a"));

        Assert.Equal(GoalAnswer.Invalid, t.Answer);
        Assert.Empty(t.Effects);
        Assert.Contains("MaxGoalStateBytes", Assert.Single(t.Errors).Message, StringComparison.Ordinal);
        Assert.False(goal.State.Exists);
    }

    [Fact]
    public void Submit_WithoutPlan_StoresPlanningAndAsksForAPlan()
    {
        var goal = new MachineHarness();

        var t = goal.Apply(new SubmitGoal("g1", "alice", new GoalSubmission("free-form", null, null, null, null, null), "d", null));

        Assert.Equal(GoalAnswer.Accepted, t.Answer);
        Assert.Equal(GoalStatus.Planning, goal.State.Status);
        Assert.Equal(GoalStatus.Planning, t.Single<UpdateIndex>().Entry.Status);
        Assert.Equal("free-form", t.Single<RequestPlan>().Submission.Title);
        Assert.False(t.Has<DispatchSteps>());
    }

    [Fact]
    public void PlanReady_ValidPlanWhilePlanning_StartsTheGoal()
    {
        var goal = new MachineHarness();
        goal.Apply(new SubmitGoal("g1", "alice", new GoalSubmission("free-form", null, null, null, null, null), "d", null));

        var t = goal.Apply(new PlanReady(new PlanResult(new PlanSpec([Tool("a"), Tool("b", null, "a")]), [])));

        Assert.Equal(GoalAnswer.Applied, t.Answer);
        Assert.Equal(GoalStatus.Running, goal.State.Status);
        Assert.Equal(["a"], t.DispatchedIds());
        Assert.Equal(GoalStatus.Running, t.Single<UpdateIndex>().Entry.Status);
        Assert.Equal(2, t.Single<UpdateIndex>().Entry.StepCount);
    }

    [Fact]
    public void PlanReady_Errors_FailTheGoalWithThem()
    {
        var goal = new MachineHarness();
        goal.Apply(new SubmitGoal("g1", "alice", new GoalSubmission("free-form", null, null, null, null, null), "d", null));

        var t = goal.Apply(new PlanReady(new PlanResult(null, [new PlanError("plan.steps[0].tool", "unknown tool 'x'")])));

        Assert.Equal(GoalStatus.Failed, goal.State.Status);
        Assert.Contains("unknown tool 'x'", goal.State.Error, StringComparison.Ordinal);
        Assert.True(t.Has<NotifyGoalFinished>());
    }

    [Fact]
    public void PlanReady_WhenNotPlanning_IsIgnored()
    {
        var goal = new MachineHarness();
        goal.Submit(Tool("a"));

        var t = goal.Apply(new PlanReady(new PlanResult(new PlanSpec([Tool("z")]), [])));

        Assert.Equal(GoalAnswer.Ignored, t.Answer);
        Assert.Equal("a", Assert.Single(goal.State.Steps).Spec.Id);
    }

    [Fact]
    public void WatchdogTick_WhilePlanning_AsksForThePlanAgain()
    {
        var goal = new MachineHarness();
        goal.Apply(new SubmitGoal("g1", "alice", new GoalSubmission("free-form", null, null, null, null, null), "d", null));

        var t = goal.Apply(new WatchdogTick());

        Assert.True(t.Has<RequestPlan>());
        Assert.False(t.Single<PersistState>().Changed);
    }

    [Fact]
    public void ResumeGoal_NoState_RemovesTheOrphanedReservation()
    {
        var goal = new MachineHarness();

        var t = goal.Apply(new ResumeGoal());

        Assert.Equal(GoalAnswer.NotFound, t.Answer);
        Assert.Equal(["PersistState", "RemoveIndex"], t.Kinds());
    }

    [Fact]
    public void ResumeGoal_Running_RedispatchesRunningStepsAfterTheStoreIsDurable()
    {
        var goal = new MachineHarness();
        goal.Submit(Tool("a"), Tool("b"), Tool("c", null, "a"));
        goal.Succeed("b");

        var t = goal.Apply(new ResumeGoal());

        Assert.Equal(GoalAnswer.Applied, t.Answer);
        Assert.IsType<PersistState>(t.Effects[0]);
        Assert.False(((PersistState)t.Effects[0]).Changed);
        Assert.Equal(["a"], t.DispatchedIds());
        Assert.Equal(GoalStatus.Running, t.Single<UpdateIndex>().Entry.Status);
    }

    [Fact]
    public void Constructor_StateFromVersionZeroFinished_CountsItsFinishAsHandled()
    {
        var state = new GoalState { Id = "g", Submission = new GoalSubmission("t", null, null, null, null, null), Status = GoalStatus.Succeeded };

        var goal = new MachineHarness(DefaultOptions(notifyFinished: true), state);

        Assert.True(goal.State.FinishedHandled);
        Assert.Equal(GoalState.CurrentVersion, goal.State.Version);
        Assert.False(goal.Apply(new WatchdogTick()).Has<NotifyGoalFinished>());
    }
}
