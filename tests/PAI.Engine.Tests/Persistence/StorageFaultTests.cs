using System.Text.Json.Nodes;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Steps;
using PAI.Engine.Goals;
using PAI.Engine.Grains;
using PAI.Engine.Tests.Testing;
using static PAI.Engine.Tests.Testing.Goals;

namespace PAI.Engine.Tests.Persistence;

/// <summary>
/// The store fails under the engine: writes that throw before committing, and writes that commit and then throw
/// (the ambiguous write). Goals must still complete, every step must have its effect exactly once, every step must
/// start only after the store says it runs, and what the store finally holds must be what the grain shows.
/// </summary>
[Collection(EngineClusterCollection.Name)]
public sealed class StorageFaultTests(EngineClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    /// <summary>A fan-out/fan-in plan of 8 effect steps: a → b1..b6 → c.</summary>
    private static StepSpec[] Plan()
    {
        var middle = Enumerable.Range(1, 6).Select(i => Step($"b{i}", "test.effect", new JsonObject { ["from"] = "${steps.a.output.step}" }, ["a"])).ToArray();
        return [Step("a", "test.effect"), .. middle, Step("c", "test.effect", dependsOn: middle.Select(s => s.Id).ToArray())];
    }

    private async Task<(GoalView View, FaultPlan Faults)> RunWithFaultsAsync(FaultPlan faults)
    {
        var id = NewId();
        fixture.Faults.Arm(id, faults);
        try
        {
            await SubmitWithRetriesAsync(id, Plan());
            var view = await WaitFinishedAsync(Grains, id, TimeSpan.FromSeconds(40));
            return (view, faults);
        }
        finally
        {
            fixture.Faults.Disarm(id);
        }
    }

    /// <summary>Submits as a client would: on an error, again with the same id and body (the idempotency key).</summary>
    private async Task SubmitWithRetriesAsync(string id, StepSpec[] steps)
    {
        var submission = new GoalSubmission("test goal", null, null, null, new PlanSpec(steps), null);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await Grains.GetGrain<IGoalGrain>(id).SubmitAsync(new SubmitGoalCommand("tester", submission, id));
                Assert.Contains(result.Outcome, new[] { SubmitOutcome.Accepted, SubmitOutcome.Duplicate });
                return;
            }
            catch (Exception) when (attempt < 5)
            {
                // The client saw an error; whether the goal was stored is unknown to it, so it retries.
            }
        }
    }

    private async Task AssertSurvivedAsync(GoalView view, FaultPlan faults)
    {
        Assert.Equal(GoalStatus.Succeeded, view.Status);
        var violations = fixture.Probe.ViolationsOf(view.Id);
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
        Assert.All(view.Steps, s => Assert.Equal(1, fixture.Probe.Invocations($"{view.Id}/{s.Id}")));
        Assert.True(faults.FailedBeforeCommit + faults.FailedAfterCommit > 0, "no fault was injected");

        // Every fault was followed by a reload of that grain's state: the engine did not trust its memory.
        Assert.True(faults.ReloadsAfterFault > 0, "no reload after a fault");

        // What the store holds is what the grain shows.
        var stored = new GrainState<GoalState>();
        await fixture.Store.ReadStateAsync("goal", GrainId.Create("goal", view.Id), stored);
        var state = stored.State!;
        Assert.Equal(view.Status, state.Status);
        Assert.Equal(view.Result, state.Result);
        Assert.Equal(
            view.Steps.Select(s => (s.Id, s.Status, s.Output)),
            state.Steps.Select(s => (s.Spec.Id, s.Status, s.Output)));
    }

    [Fact]
    public async Task WriteStateAsync_EveryOtherWriteFailsBeforeCommit_GoalSucceedsWithOneEffectPerStep()
    {
        var (view, faults) = await RunWithFaultsAsync(new FaultPlan { Kind = FaultKind.BeforeCommit, EveryNth = 2 });

        await AssertSurvivedAsync(view, faults);
        Assert.True(faults.FailedBeforeCommit > 0);
    }

    [Fact]
    public async Task WriteStateAsync_EveryOtherWriteCommitsThenTimesOut_GoalSucceedsWithOneEffectPerStep()
    {
        var (view, faults) = await RunWithFaultsAsync(new FaultPlan { Kind = FaultKind.AfterCommit, EveryNth = 2 });

        await AssertSurvivedAsync(view, faults);
        Assert.True(faults.FailedAfterCommit > 0);
    }

    [Theory]
    [InlineData("goal")]
    [InlineData("steprun")]
    public async Task WriteStateAsync_OneGrainTypeFailsEitherWay_GoalSucceedsWithOneEffectPerStep(string grainType)
    {
        var (view, faults) = await RunWithFaultsAsync(new FaultPlan { Kind = FaultKind.Either, GrainType = grainType, EveryNth = 2, Seed = 7 });

        await AssertSurvivedAsync(view, faults);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task WriteStateAsync_RandomFaultsWithSeed_GoalSucceedsWithOneEffectPerStep(int seed)
    {
        var (view, faults) = await RunWithFaultsAsync(new FaultPlan { Kind = FaultKind.Either, Probability = 0.35, Seed = seed });

        await AssertSurvivedAsync(view, faults);
    }

    [Theory]
    [InlineData(FaultKind.BeforeCommit)]
    [InlineData(FaultKind.AfterCommit)]
    public async Task WriteStateAsync_GoalWritesFailLongerThanWriterRetries_ActivationReloadsAndGoalSucceeds(FaultKind kind)
    {
        // Goal write 2 (the first step's outcome) and the next ones fail more often in a row than the writer retries
        // (6 tries), so the write gives up: the activation must drop its memory and the next one reload from the store.
        var (view, faults) = await RunWithFaultsAsync(new FaultPlan { Kind = kind, GrainType = "goal", FailFrom = 2, FailCount = 7 });

        await AssertSurvivedAsync(view, faults);
        if (kind == FaultKind.BeforeCommit)
        {
            // Six failures in a row is one write giving up (1 try + 5 retries): the lost-state path ran.
            Assert.True(faults.FailedBeforeCommit >= 6, $"only {faults.FailedBeforeCommit} faults");
        }
    }

    [Theory]
    [InlineData(FaultKind.BeforeCommit)]
    [InlineData(FaultKind.AfterCommit)]
    public async Task WriteStateAsync_StepRunWritesFailLongerThanWriterRetries_GoalSucceedsWithOneEffectPerStep(FaultKind kind)
    {
        var (view, faults) = await RunWithFaultsAsync(new FaultPlan { Kind = kind, GrainType = "steprun", FailFrom = 1, FailCount = 7 });

        await AssertSurvivedAsync(view, faults);
    }

    [Theory]
    [InlineData(FaultKind.BeforeCommit)]
    [InlineData(FaultKind.AfterCommit)]
    public async Task SubmitAsync_FirstGoalWritesFailLongerThanWriterRetries_ClientRetrySucceedsOnce(FaultKind kind)
    {
        var (view, faults) = await RunWithFaultsAsync(new FaultPlan { Kind = kind, GrainType = "goal", FailFrom = 1, FailCount = 6 });

        await AssertSurvivedAsync(view, faults);
    }
}
