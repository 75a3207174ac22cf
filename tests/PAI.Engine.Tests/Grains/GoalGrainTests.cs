using System.Text.Json.Nodes;
using PAI.Abstractions.Goals;
using PAI.Engine.Tests.Testing;
using static PAI.Engine.Tests.Testing.Goals;

namespace PAI.Engine.Tests.Grains;

[Collection(EngineClusterCollection.Name)]
public sealed class GoalGrainTests(EngineClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task SubmitAsync_IndependentSteps_RunInParallelUpToTheBound()
    {
        var steps = Enumerable.Range(0, 3 * EngineClusterFixture.MaxParallelSteps)
            .Select(i => Step($"s{i}", "test.concurrency", new JsonObject { ["ms"] = 150 }))
            .ToArray();

        var id = await SubmitAsync(Grains, steps);
        var view = await WaitFinishedAsync(Grains, id);

        Assert.Equal(GoalStatus.Succeeded, view.Status);
        Assert.Equal(EngineClusterFixture.MaxParallelSteps, fixture.Probe.MaxConcurrent(id));
    }

    /// <summary>
    /// A finished goal whose handlers are done leaves memory (memory follows the goals in flight, not every goal run), and
    /// a later call reads it back from the store whole.
    /// </summary>
    [Fact]
    public async Task FinishedAndHandled_GoalActivationLeaves_AndAGetReadsItBackFromTheStore()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => SubmitAsync(Grains, Step("a", "echo", new JsonObject { ["v"] = 7 }))));
        foreach (var id in ids)
        {
            await fixture.Finished.Handled(id).WaitAsync(TimeSpan.FromSeconds(30));
        }

        var management = Grains.GetGrain<IManagementGrain>(0);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await management.GetDetailedGrainStatistics()).Count(s => ids.Any(id => s.GrainId.ToString() == "goal/" + id)) is var active && active > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{active} of the finished goals are still active");
            await Task.Delay(20);
        }

        foreach (var id in ids)
        {
            var view = await Grains.GetGrain<IGoalGrain>(id).GetAsync();
            Assert.Equal(GoalStatus.Succeeded, view?.Status);
            Assert.Equal("""{"v":7}""", Assert.Single(view!.Steps).Output);
        }
    }

    [Fact]
    public async Task SubmitAsync_StepReferencesAncestorOutput_ReceivesResolvedValues()
    {
        var id = await SubmitAsync(
            Grains,
            Step("a", "echo", new JsonObject { ["x"] = new JsonObject { ["y"] = new JsonArray(1, 2) }, ["name"] = "pai" }),
            Step("b", "echo", new JsonObject
            {
                ["whole"] = "${steps.a.output.x.y[1]}",
                ["spliced"] = "hello ${steps.a.output.name}, n=${steps.a.output.x.y[0]}",
                ["object"] = "${steps.a.output.x}",
            }, ["a"]));

        var view = await WaitFinishedAsync(Grains, id);

        Assert.Equal(GoalStatus.Succeeded, view.Status);
        var b = JsonNode.Parse(view.Steps.Single(s => s.Id == "b").Output!)!;
        Assert.Equal(2, b["whole"]!.GetValue<int>());
        Assert.Equal("hello pai, n=1", b["spliced"]!.GetValue<string>());
        Assert.Equal("""{"y":[1,2]}""", b["object"]!.ToJsonString());
        Assert.Equal("""{"b":""" + b.ToJsonString() + "}", view.Result);
    }

    [Fact]
    public async Task SubmitAsync_ReferenceToMissingOutputField_FailsStepWithTheReason()
    {
        var id = await SubmitAsync(
            Grains,
            Step("a", "echo", new JsonObject { ["x"] = 1 }),
            Step("b", "echo", new JsonObject { ["v"] = "${steps.a.output.nope}" }, ["a"]));

        var view = await WaitFinishedAsync(Grains, id);

        Assert.Equal(GoalStatus.Failed, view.Status);
        var b = view.Steps.Single(s => s.Id == "b");
        Assert.Equal(StepStatus.Failed, b.Status);
        Assert.Contains("steps.a.output.nope", b.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_FlakyStepWithinRetryBudget_SucceedsAfterRetries()
    {
        var id = await SubmitAsync(
            Grains,
            Step("f", "test.flaky", new JsonObject { ["failures"] = 2 }, retry: new RetrySpec(3, TimeSpan.FromMilliseconds(10))));

        var view = await WaitFinishedAsync(Grains, id);

        Assert.True(view.Status == GoalStatus.Succeeded, view.Error);
        var f = view.Steps.Single();
        Assert.Equal(3, f.Attempts);
        Assert.Equal(3, fixture.Probe.Invocations($"{id}/f"));
        Assert.Equal("""{"calls":3}""", f.Output);
    }

    [Fact]
    public async Task SubmitAsync_FlakyStepBeyondRetryBudget_FailsAfterMaxAttempts()
    {
        var id = await SubmitAsync(
            Grains,
            Step("f", "test.flaky", new JsonObject { ["failures"] = 5 }, retry: new RetrySpec(2, TimeSpan.FromMilliseconds(10))));

        var view = await WaitFinishedAsync(Grains, id);

        Assert.Equal(GoalStatus.Failed, view.Status);
        Assert.Equal(2, fixture.Probe.Invocations($"{id}/f"));
        Assert.Contains("flaky failure 2 of 5", view.Steps.Single().Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_RetriedStep_WaitsExponentiallyLongerBetweenAttempts()
    {
        var backoff = TimeSpan.FromMilliseconds(60);
        var id = await SubmitAsync(
            Grains,
            Step("f", "test.flaky", new JsonObject { ["failures"] = 3 }, retry: new RetrySpec(4, backoff)));

        var view = await WaitFinishedAsync(Grains, id);

        Assert.Equal(GoalStatus.Succeeded, view.Status);
        var times = fixture.Probe.Times($"{id}/f");
        Assert.Equal(4, times.Count);

        // Without jitter (the fixture turns it off) the delays are backoff, 2 x backoff, 4 x backoff. Only lower bounds
        // are asserted (a loaded machine makes delays longer, never shorter); 0.9 allows for timer granularity.
        for (var i = 1; i < times.Count; i++)
        {
            var expected = backoff * Math.Pow(2, i - 1);
            var gap = times[i] - times[i - 1];
            Assert.True(gap >= expected * 0.9, $"gap {i} was {gap.TotalMilliseconds} ms; expected at least {expected.TotalMilliseconds} ms");
        }
    }

    [Fact]
    public async Task SubmitAsync_StepExceedsItsTimeout_FailsStepAndGoalWithTimeout()
    {
        var id = await SubmitAsync(
            Grains,
            Step("slow", "test.block", retry: new RetrySpec(1), timeout: TimeSpan.FromMilliseconds(200)));

        var view = await WaitFinishedAsync(Grains, id);

        Assert.Equal(GoalStatus.Failed, view.Status);
        var slow = view.Steps.Single();
        Assert.Equal(StepStatus.Failed, slow.Status);
        Assert.Contains("timed out", slow.Error, StringComparison.Ordinal);
        Assert.Contains("step 'slow' failed", view.Error, StringComparison.Ordinal);
        await fixture.Probe.Cancelled($"{id}/slow").WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task SubmitAsync_TimedOutAttemptWithRetries_IsRetriedUntilBudgetSpent()
    {
        var id = await SubmitAsync(
            Grains,
            Step("slow", "test.block", retry: new RetrySpec(2, TimeSpan.FromMilliseconds(10)), timeout: TimeSpan.FromMilliseconds(100)));

        var view = await WaitFinishedAsync(Grains, id);

        Assert.Equal(GoalStatus.Failed, view.Status);
        Assert.Equal(2, fixture.Probe.Invocations($"{id}/slow"));
        Assert.Equal(2, view.Steps.Single().Attempts);
    }

    [Fact]
    public async Task SubmitAsync_StepFails_DependantsSkippedAndGoalFailedWithCause()
    {
        var id = await SubmitAsync(
            Grains,
            Step("a", "test.fail", new JsonObject { ["message"] = "disk on fire" }),
            Step("b", "echo", dependsOn: ["a"]),
            Step("c", "echo", dependsOn: ["b"]),
            Step("d", "echo"),
            Step("e", "echo", dependsOn: ["d", "a"]));

        var view = await WaitFinishedAsync(Grains, id);

        Assert.Equal(GoalStatus.Failed, view.Status);
        Assert.Equal("step 'a' failed: disk on fire", view.Error);
        var status = view.Steps.ToDictionary(s => s.Id, s => s.Status);
        Assert.Equal(StepStatus.Failed, status["a"]);
        Assert.Equal(StepStatus.Skipped, status["b"]);
        Assert.Equal(StepStatus.Skipped, status["c"]);
        Assert.Equal(StepStatus.Succeeded, status["d"]);
        Assert.Equal(StepStatus.Skipped, status["e"]);
        Assert.Equal(1, fixture.Probe.Invocations($"{id}/a"));
    }

    [Fact]
    public async Task CancelAsync_StepRunning_ReachesToolAndCancelsGoal()
    {
        var id = await SubmitAsync(
            Grains,
            Step("block", "test.block"),
            Step("after", "echo", dependsOn: ["block"]));
        await fixture.Probe.Entered($"{id}/block").WaitAsync(TimeSpan.FromSeconds(10));

        var cancelled = await Grains.GetGrain<IGoalGrain>(id).CancelAsync("tester");

        Assert.True(cancelled);
        await fixture.Probe.Cancelled($"{id}/block").WaitAsync(TimeSpan.FromSeconds(10));
        var view = await Grains.GetGrain<IGoalGrain>(id).GetAsync();
        Assert.Equal(GoalStatus.Cancelled, view!.Status);
        Assert.All(view.Steps, s => Assert.Equal(StepStatus.Cancelled, s.Status));
        Assert.False(await Grains.GetGrain<IGoalGrain>(id).CancelAsync("tester"));
    }

    [Fact]
    public async Task SubmitAsync_SameIdAndBodyTwice_SecondIsDuplicate()
    {
        var id = await SubmitAsync(Grains, Step("a", "echo"));
        var submission = new GoalSubmission("test goal", null, null, null, new PlanSpec([Step("a", "echo")]), null);

        var again = await Grains.GetGrain<IGoalGrain>(id).SubmitAsync(new SubmitGoalCommand("tester", submission, id));

        Assert.Equal(SubmitOutcome.Duplicate, again.Outcome);
    }

    [Fact]
    public async Task SubmitAsync_InvalidPlan_IsRefusedAndNothingStored()
    {
        var id = NewId();
        var submission = new GoalSubmission("bad", null, null, null, new PlanSpec([Step("a", "no.such.tool")]), null);

        var result = await Grains.GetGrain<IGoalGrain>(id).SubmitAsync(new SubmitGoalCommand("tester", submission, id));

        Assert.Equal(SubmitOutcome.Invalid, result.Outcome);
        Assert.Null(await Grains.GetGrain<IGoalGrain>(id).GetAsync());
    }
}
