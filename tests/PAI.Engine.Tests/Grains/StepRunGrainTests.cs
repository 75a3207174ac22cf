using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Steps;
using PAI.Engine.Tests.Persistence;
using PAI.Engine.Tests.Testing;
using PAI.Engine.Tools;
using static PAI.Engine.Tests.Testing.Goals;

namespace PAI.Engine.Tests.Grains;

/// <summary>The StepRun grain end to end: the workspace is ready for any first tool, nothing escapes as a hang, and
/// skill steps run whether the goal sends their tool as null or as "" (state of earlier versions).</summary>
[Collection(EngineClusterCollection.Name)]
public sealed class StepRunGrainTests(EngineClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private string WorkspaceOf(string goalId) => fixture.Services.GetRequiredService<IOptions<EngineOptions>>().Value.WorkspaceOf(goalId);

    [Fact]
    public async Task Step_ProcessRunAsTheFirstStep_FindsTheGoalsWorkspaceReady()
    {
        var id = await SubmitAsync(Grains, Step("where", "process.run", new JsonObject { ["executable"] = "pwd" }));

        var view = await WaitFinishedAsync(Grains, id, TimeSpan.FromSeconds(60));

        Assert.True(view.Status == GoalStatus.Succeeded, view.Error);
        var output = JsonNode.Parse(view.Steps.Single().Output!)!;
        Assert.Equal(WorkspacePath.RealWorkspace(WorkspaceOf(id)), output["stdout"]!.GetValue<string>().Trim());
    }

    [Fact]
    public async Task Step_ToolThrowsAnUnexpectedException_FailsWithTheReasonInsteadOfHanging()
    {
        var id = await SubmitAsync(Grains, Step("bug", "test.bug", retry: new RetrySpec(3, TimeSpan.Zero)));

        var view = await WaitFinishedAsync(Grains, id, TimeSpan.FromSeconds(60));

        Assert.Equal(GoalStatus.Failed, view.Status);
        Assert.Equal("InvalidCastException: a bug in the tool", view.Steps.Single().Error);
        Assert.Equal(1, fixture.Probe.Invocations($"{id}/bug"));
    }

    [Fact]
    public async Task StartAsync_SkillStepWithNullTool_RunsTheSkill()
    {
        var id = NewId();
        var work = new StepWork(id, "note", null, """{"name":"n1","body":"null tool"}""", RetrySpec.Default, null, "tester", null, "write-note");

        await Grains.GetGrain<IStepRunGrain>(IStepRunGrain.KeyOf(id, "note")).StartAsync(work);

        var note = Path.Combine(WorkspaceOf(id), "notes", "n1.md");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(note))
        {
            Assert.True(DateTime.UtcNow < deadline, "the skill never published its note");
            await Task.Delay(20);
        }

        Assert.Equal("null tool", await File.ReadAllTextAsync(note));
    }

    [Fact]
    public async Task Step_SkillStepFromAGoal_RunsWithTheToolTheGoalSends()
    {
        var id = await SubmitAsync(Grains, new StepSpec("note", null, "write-note", """{"name":"n2","body":"from a goal"}""", []));

        var view = await WaitFinishedAsync(Grains, id, TimeSpan.FromSeconds(60));

        Assert.True(view.Status == GoalStatus.Succeeded, view.Error);
        Assert.Equal("""{"path":"notes/n2.md","bytes":11}""", view.Steps.Single().Output);
    }

    [Fact]
    public async Task Step_RetryCountCannotBeWritten_AbandonsTheRunInsteadOfReportingAFailure()
    {
        // Write 1 records the first attempt; writes 2-7 (the retry's count and every retry of that write) fail, so the
        // activation's state is lost. It must not report the failed write as the step's outcome: the next activation
        // runs the step again and the flaky tool's second call succeeds.
        var id = NewId();
        var faults = fixture.Faults.Arm(id, new FaultPlan { Kind = FaultKind.BeforeCommit, GrainType = "steprun", FailFrom = 2, FailCount = 6 });
        try
        {
            await SubmitAsync(Grains, id, Step("f", "test.flaky", new JsonObject { ["failures"] = 1 }, retry: new RetrySpec(3, TimeSpan.Zero)));
            var view = await WaitFinishedAsync(Grains, id, TimeSpan.FromSeconds(60));

            Assert.True(view.Status == GoalStatus.Succeeded, view.Error);
            Assert.True(faults.FailedBeforeCommit >= 6, $"only {faults.FailedBeforeCommit} writes failed");
            Assert.Equal(2, fixture.Probe.Invocations($"{id}/f"));
        }
        finally
        {
            fixture.Faults.Disarm(id);
        }
    }
}
