using System.Text.Json.Nodes;
using PAI.Abstractions.Audit;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Steps;
using PAI.Engine.Goals;
using static PAI.Engine.Tests.Goals.MachineHarness;

namespace PAI.Engine.Tests.Goals;

public sealed class GoalMachineStepTests
{
    [Fact]
    public void StepOutcome_Succeeded_PersistsThenDispatchesTheDependantWithResolvedInput()
    {
        var goal = new MachineHarness();
        goal.Submit("""{"who":"pai"}""", Tool("a"), Tool("b", """{"v":"${steps.a.output.x}","w":"hi ${inputs.who}"}""", "a"));

        var t = goal.Succeed("a", """{"x":[1,2]}""");

        Assert.Equal(["PersistState", "EmitEvents", "DispatchSteps"], t.Kinds());
        var work = Assert.Single(t.Dispatched());
        Assert.Equal("b", work.StepId);
        Assert.Equal("""{"v":[1,2],"w":"hi pai"}""", work.Input);
        Assert.Equal(StepStatus.Running, goal.Step("b").Status);
    }

    [Fact]
    public void StepOutcome_LastStepSucceeds_GoalSucceedsWithSinkOutputsAsResult()
    {
        var goal = new MachineHarness();
        goal.Submit(Tool("a"), Tool("b", null, "a"));
        goal.Succeed("a", """{"n":1}""");

        var t = goal.Succeed("b", """{"n":2}""");

        Assert.Equal(GoalStatus.Succeeded, goal.State.Status);
        Assert.Equal("""{"b":{"n":2}}""", goal.State.Result);
        var notice = t.Single<NotifyGoalFinished>();
        Assert.False(notice.Redelivery);
        Assert.Equal(GoalStatus.Succeeded, notice.Goal.Status);
        Assert.Equal(["a", "b"], notice.Goal.Steps.Select(s => s.Id));
        Assert.Equal(GoalStatus.Succeeded, t.Single<UpdateIndex>().Entry.Status);
    }

    [Fact]
    public void StepOutcome_Failed_SkipsDependantsAndFailsGoalWithCause()
    {
        var goal = new MachineHarness();
        goal.Submit(Tool("a"), Tool("b", null, "a"), Tool("c", null, "b"), Tool("d"));
        goal.Succeed("d");

        goal.Fail("a", "disk on fire");

        Assert.Equal(GoalStatus.Failed, goal.State.Status);
        Assert.Equal("step 'a' failed: disk on fire", goal.State.Error);
        Assert.Equal(StepStatus.Skipped, goal.Step("b").Status);
        Assert.Equal(StepStatus.Skipped, goal.Step("c").Status);
        Assert.Equal(StepStatus.Succeeded, goal.Step("d").Status);
    }

    [Fact]
    public void StepOutcome_Repeated_IsIgnoredButWaitsForDurability()
    {
        var goal = new MachineHarness();
        goal.Submit(Tool("a"), Tool("b"));
        goal.Succeed("a", """{"first":true}""");

        var t = goal.Succeed("a", """{"second":true}""");

        Assert.Equal(GoalAnswer.Ignored, t.Answer);
        Assert.Equal(["PersistState"], t.Kinds());
        Assert.False(t.Single<PersistState>().Changed);
        Assert.Equal("""{"first":true}""", goal.Step("a").Output);
    }

    [Fact]
    public void StepOutcome_ForStepThatWasNeverStarted_IsIgnored()
    {
        var goal = new MachineHarness();
        goal.Submit(Tool("a"), Tool("b", null, "a"));

        var t = goal.Succeed("b");

        Assert.Equal(GoalAnswer.Ignored, t.Answer);
        Assert.Equal(StepStatus.Pending, goal.Step("b").Status);
    }

    [Fact]
    public void StepAttempt_HigherAttempt_RecordsItAndEmitsRetrying()
    {
        var goal = new MachineHarness();
        goal.Submit(Tool("a"));

        var t = goal.Apply(new RecordStepAttempt("a", 2));
        var stale = goal.Apply(new RecordStepAttempt("a", 2));

        Assert.True(t.Single<PersistState>().Changed);
        Assert.Equal("Retrying", Assert.Single(t.Events()).Status);
        Assert.Equal(2, goal.Step("a").Attempts);
        Assert.Equal(GoalAnswer.Ignored, stale.Answer);
    }

    [Fact]
    public void Advance_MoreReadyStepsThanTheBound_StartsOnlyTheBoundThenOneMorePerOutcome()
    {
        var goal = new MachineHarness(DefaultOptions(maxParallel: 2));

        var first = goal.Submit(Tool("a"), Tool("b"), Tool("c"), Tool("d"));
        var next = goal.Succeed("a");

        Assert.Equal(["a", "b"], first.DispatchedIds());
        Assert.Equal(["c"], next.DispatchedIds());
    }

    [Fact]
    public void SkillStep_Dispatched_HasNoTool()
    {
        var goal = new MachineHarness();

        var t = goal.Submit(new StepSpec("s", null, "write-note", """{"name":"n"}""", []));

        var work = Assert.Single(t.Dispatched());
        Assert.Null(work.Tool);
        Assert.Equal("write-note", work.Skill);
    }

    [Fact]
    public void Cancel_WithRunningSteps_CancelsEveryUnfinishedStepAndTellsTheRunningOnes()
    {
        var goal = new MachineHarness();
        goal.Submit(Tool("a"), Tool("b"), Tool("c", null, "a"));
        goal.Succeed("b");

        var t = goal.Apply(new CancelGoal("bob"));
        var again = goal.Apply(new CancelGoal("bob"));

        Assert.Equal(GoalAnswer.Applied, t.Answer);
        Assert.Equal(GoalStatus.Cancelled, goal.State.Status);
        Assert.Equal(["a"], t.Single<CancelStepRuns>().StepIds);
        Assert.Equal(StepStatus.Cancelled, goal.Step("c").Status);
        Assert.Equal(StepStatus.Succeeded, goal.Step("b").Status);
        Assert.Equal(AuditKinds.GoalCancelled, Assert.Single(t.Single<AppendAudit>().Entries).Kind);
        Assert.Equal(GoalAnswer.AlreadyFinished, again.Answer);
        Assert.Equal(GoalAnswer.Ignored, goal.Succeed("a").Answer);
    }

    [Fact]
    public void WatchdogTick_RunningSteps_RedispatchesThemWithoutAWrite()
    {
        var goal = new MachineHarness();
        goal.Submit(Tool("a"), Tool("b"));

        var t = goal.Apply(new WatchdogTick());

        Assert.False(t.Single<PersistState>().Changed);
        Assert.Equal(["a", "b"], t.DispatchedIds());
    }

    [Fact]
    public void FinishedHandlers_Registered_IndexShowsTheFinishAtOnce_WithHandlersPendingUntilTheyRan()
    {
        var goal = new MachineHarness(DefaultOptions(notifyFinished: true));
        goal.Submit(Tool("a"));

        var finish = goal.Succeed("a");
        var tick = goal.Apply(new WatchdogTick());
        var handled = goal.Apply(new FinishedHandled());
        var later = goal.Apply(new WatchdogTick());

        Assert.Equal(GoalStatus.Succeeded, goal.State.Status);
        Assert.Equal((GoalStatus.Succeeded, true), (finish.Single<UpdateIndex>().Entry.Status, finish.Single<UpdateIndex>().Entry.HandlersPending));
        Assert.True(tick.Single<NotifyGoalFinished>().Redelivery);
        Assert.Equal((GoalStatus.Succeeded, true), (tick.Single<UpdateIndex>().Entry.Status, tick.Single<UpdateIndex>().Entry.HandlersPending));
        Assert.True(handled.Single<PersistState>().Changed);
        Assert.Equal((GoalStatus.Succeeded, false), (handled.Single<UpdateIndex>().Entry.Status, handled.Single<UpdateIndex>().Entry.HandlersPending));
        Assert.False(later.Has<NotifyGoalFinished>());
    }

    [Fact]
    public void FinishedHandlers_NoneRegistered_FinishIsHandledAtOnce()
    {
        var goal = new MachineHarness(DefaultOptions(notifyFinished: false));
        goal.Submit(Tool("a"));

        var finish = goal.Succeed("a");

        Assert.True(goal.State.FinishedHandled);
        Assert.Equal(GoalStatus.Succeeded, finish.Single<UpdateIndex>().Entry.Status);
        Assert.False(finish.Single<UpdateIndex>().Entry.HandlersPending);
        Assert.False(finish.Single<NotifyGoalFinished>().Redelivery);
    }

    [Fact]
    public void Events_AcrossTransitions_AreNumberedOneByOne()
    {
        var goal = new MachineHarness();
        var events = new List<GoalEvent>();
        events.AddRange(goal.Submit(Tool("a"), Tool("b", null, "a")).Events());
        events.AddRange(goal.Succeed("a").Events());
        events.AddRange(goal.Succeed("b").Events());

        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(events.Count, goal.State.EventSequence);
        Assert.Equal("Succeeded", events[^1].Status);
    }

    [Fact]
    public void StepInput_ResolvedFromBigOutput_RoundTripsJson()
    {
        var goal = new MachineHarness();
        goal.Submit(Tool("a"), Tool("b", """{"all":"${steps.a.output}"}""", "a"));

        var t = goal.Succeed("a", """{"nested":{"k":[true,null,"s"]}}""");

        Assert.Equal("""{"nested":{"k":[true,null,"s"]}}""", JsonNode.Parse(Assert.Single(t.Dispatched()).Input)!["all"]!.ToJsonString());
    }
}
