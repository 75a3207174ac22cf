using System.Text.Json.Nodes;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Storage;
using PAI.Engine.Goals;
using PAI.Engine.Tests.Persistence;
using PAI.Engine.Tests.Testing;
using static PAI.Engine.Tests.Testing.Goals;

namespace PAI.Engine.Tests.Grains;

/// <summary>The grain persists a transition before it acts on it, and a submit that fails leaves nothing behind.</summary>
[Collection(EngineClusterCollection.Name)]
public sealed class GoalGrainPersistThenActTests(EngineClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private async Task<GoalIndexEntry?> IndexRowAsync(string id) =>
        (await fixture.Index.ListAsync("tester", null, 1000)).SingleOrDefault(e => e.Id == id);

    [Fact]
    public async Task SubmitAsync_StateWriteNeverLands_ThrowsAndLeavesNoIndexRowOrState()
    {
        var id = NewId();
        fixture.Faults.Arm(id, new FaultPlan { Kind = FaultKind.BeforeCommit, GrainType = "goal", FailFrom = 1, FailCount = 1000 });
        try
        {
            var submission = new GoalSubmission("never stored", null, null, null, new PlanSpec([Step("a", "test.effect")]), null);

            await Assert.ThrowsAnyAsync<Exception>(() => Grains.GetGrain<IGoalGrain>(id).SubmitAsync(new SubmitGoalCommand("tester", submission, id)));

            Assert.Null(await IndexRowAsync(id));
            Assert.DoesNotContain(id, await fixture.Index.ListUnfinishedAsync());
            Assert.Equal(0, fixture.Probe.Invocations($"{id}/a"));
        }
        finally
        {
            fixture.Faults.Disarm(id);
        }

        Assert.Null(await Grains.GetGrain<IGoalGrain>(id).GetAsync());
    }

    [Fact]
    public async Task SubmitAsync_RetriedAfterAFailedWrite_IsAcceptedOnceAndRuns()
    {
        var id = NewId();
        var submission = new GoalSubmission("retried", null, null, null, new PlanSpec([Step("a", "test.effect")]), null);
        fixture.Faults.Arm(id, new FaultPlan { Kind = FaultKind.BeforeCommit, GrainType = "goal", FailFrom = 1, FailCount = 6 });
        await Assert.ThrowsAnyAsync<Exception>(() => Grains.GetGrain<IGoalGrain>(id).SubmitAsync(new SubmitGoalCommand("tester", submission, id)));
        fixture.Faults.Disarm(id);

        var again = await Grains.GetGrain<IGoalGrain>(id).SubmitAsync(new SubmitGoalCommand("tester", submission, id));
        var view = await WaitFinishedAsync(Grains, id);

        Assert.Equal(SubmitOutcome.Accepted, again.Outcome);
        Assert.Equal(GoalStatus.Succeeded, view.Status);
        Assert.Equal(1, fixture.Probe.Invocations($"{id}/a"));
        Assert.Empty(fixture.Probe.ViolationsOf(id));
    }

    [Fact]
    public async Task SubmitAsync_FirstStepsInputCannotBeBuilt_AcceptedWithTheStepFailedAndStored()
    {
        // Valid at plan time (the input exists), too large once resolved: the step fails, the submit does not throw.
        var id = NewId();
        var inputs = new JsonObject { ["big"] = new string('x', 600_000) }.ToJsonString();
        var submission = new GoalSubmission("ghost", null, null, inputs, new PlanSpec([Step("a", "echo", new JsonObject { ["x"] = "${inputs.big}", ["y"] = "${inputs.big}" })]), null);
        var command = new SubmitGoalCommand("tester", submission, id);

        var first = await Grains.GetGrain<IGoalGrain>(id).SubmitAsync(command);
        var second = await Grains.GetGrain<IGoalGrain>(id).SubmitAsync(command);
        var view = await WaitFinishedAsync(Grains, id);

        Assert.Equal((SubmitOutcome.Accepted, GoalStatus.Failed), (first.Outcome, first.Status));
        Assert.Equal((SubmitOutcome.Duplicate, GoalStatus.Failed), (second.Outcome, second.Status));
        Assert.Contains("the step's input", view.Steps.Single().Error, StringComparison.Ordinal);
        await fixture.Finished.Handled(id).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(GoalStatus.Failed, (await WaitIndexedAsync(id, GoalStatus.Failed)).Status);
    }

    [Fact]
    public async Task ResumeAsync_IndexRowWithoutState_RemovesTheRow()
    {
        var id = NewId();
        var now = DateTimeOffset.UtcNow;
        await fixture.Index.UpsertAsync(new GoalIndexEntry(id, "tester", "orphan", GoalStatus.Pending, now, now, 1));

        var resumed = await Grains.GetGrain<IGoalGrain>(id).ResumeAsync();

        Assert.False(resumed);
        Assert.Null(await IndexRowAsync(id));
    }

    [Fact]
    public async Task FinishedHandler_GoalFinishes_CalledOnceAfterTheTerminalStateIsStored()
    {
        var id = await SubmitAsync(Grains, Step("a", "echo", new JsonObject { ["x"] = 1 }), Step("b", "echo", dependsOn: ["a"]));

        await fixture.Finished.Handled(id).WaitAsync(TimeSpan.FromSeconds(20));

        var delivery = Assert.Single(fixture.Finished.Deliveries(id));
        Assert.Equal(GoalStatus.Succeeded, delivery.Stored);
        Assert.Equal(("tester", GoalStatus.Succeeded), (delivery.Goal.Owner, delivery.Goal.Status));
        Assert.Equal(["a", "b"], delivery.Goal.Steps.Select(s => s.Id));
        Assert.NotNull(delivery.Goal.Result);
        await WaitIndexedAsync(id, GoalStatus.Succeeded);
    }

    [Fact]
    public async Task FinishedHandler_FailsTwice_IsDeliveredAgainUntilItTakesTheGoal()
    {
        var id = NewId();
        fixture.Finished.FailNext(id, 2);

        await SubmitAsync(Grains, id, Step("a", "echo"));
        await fixture.Finished.Handled(id).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3, fixture.Finished.Deliveries(id).Count);
        Assert.All(fixture.Finished.Deliveries(id), d => Assert.Equal(GoalStatus.Succeeded, d.Stored));
        await WaitIndexedAsync(id, GoalStatus.Succeeded);
    }

    [Fact]
    public async Task FinishedHandler_StillFailing_IndexRowShowsTheFinishAtOnce_WithHandlersPendingUntilItTakesTheGoal()
    {
        var id = NewId();
        fixture.Finished.FailNext(id, 1_000_000);

        await SubmitAsync(Grains, id, Step("a", "echo"));
        var shown = await WaitFinishedAsync(Grains, id);
        var row = await IndexRowAsync(id);
        var unfinished = await fixture.Index.ListUnfinishedAsync();
        fixture.Finished.FailNext(id, 0);
        await fixture.Finished.Handled(id).WaitAsync(TimeSpan.FromSeconds(30));
        var handled = await WaitHandledAsync(id);

        // GET's finish is the index row's at once (lists, counts, quotas); the resume scan still finds the goal.
        Assert.Equal(GoalStatus.Succeeded, shown.Status);
        Assert.Equal((GoalStatus.Succeeded, true), (row?.Status, row?.HandlersPending));
        Assert.Contains(id, unfinished);
        Assert.Equal(GoalStatus.Succeeded, handled.Status);
        Assert.DoesNotContain(id, await fixture.Index.ListUnfinishedAsync());
    }

    /// <summary>
    /// Hostile case 7 in the grain: a small plan whose steps feed one large output forward into many steps. The goal's
    /// state stops at its limit with a clear error instead of growing without bound.
    /// </summary>
    [Fact]
    public async Task SubmitAsync_StepsMultiplyEachOthersOutputs_GoalFailsAtTheStateLimitAndStoredStateStaysUnderIt()
    {
        var steps = new List<StepSpec> { Step("s0", "echo", new JsonObject { ["t"] = new string('x', 1000) }) };
        for (var i = 1; i <= 7; i++)
        {
            steps.Add(Step($"s{i}", "echo", new JsonObject { ["a"] = $"${{steps.s{i - 1}.output}}", ["b"] = $"${{steps.s{i - 1}.output}}" }, [$"s{i - 1}"]));
        }

        for (var i = 0; i < 24; i++)
        {
            steps.Add(Step($"f{i}", "echo", new JsonObject { ["copy"] = "${steps.s7.output}" }, ["s7"]));
        }

        var id = await SubmitAsync(Grains, steps.ToArray());
        var view = await WaitFinishedAsync(Grains, id, TimeSpan.FromSeconds(60));

        Assert.Equal(GoalStatus.Failed, view.Status);
        Assert.Contains(view.Steps, s => s.Status == StepStatus.Failed && s.Error!.Contains("MaxGoalStateBytes", StringComparison.Ordinal));
        var stored = new GrainState<GoalState>();
        await fixture.Store.ReadStateAsync("goal", GrainId.Create("goal", id), stored);
        Assert.InRange(Fixtures.GoalStateFixtures.Serializer.Serialize(stored.State).ToArray().Length, 0, EngineClusterFixture.MaxGoalStateBytes + 64 * 1024);
    }

    private async Task<GoalIndexEntry> WaitHandledAsync(string id)
    {
        for (var i = 0; ; i++)
        {
            if (await IndexRowAsync(id) is { HandlersPending: false } row)
            {
                return row;
            }

            Assert.True(i < 1000, $"index row of {id} never showed its handlers done");
            await Task.Delay(20);
        }
    }

    private async Task<GoalIndexEntry> WaitIndexedAsync(string id, GoalStatus status)
    {
        for (var i = 0; ; i++)
        {
            if (await IndexRowAsync(id) is { } row && row.Status == status)
            {
                return row;
            }

            Assert.True(i < 1000, $"index row of {id} never showed {status}");
            await Task.Delay(20);
        }
    }
}
