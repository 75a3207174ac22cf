using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Steps;
using PAI.Abstractions.Storage;
using PAI.Engine.Grains;
using PAI.Engine.Skills;
using PAI.Engine.Tests.Testing;
using static PAI.Engine.Tests.Testing.Goals;

namespace PAI.Engine.Tests.Fixtures;

/// <summary>Step-run and skill-run state written by layout version 1 still loads, and a step resumes from it.</summary>
[Collection(EngineClusterCollection.Name)]
public sealed class StepRunFixtureTests(EngineClusterFixture fixture)
{
    private IGrainStorageSerializer Serializer => fixture.Services.GetRequiredKeyedService<IGrainStorageSerializer>(StorageNames.Grains);

    /// <summary>Set PAI_WRITE_FIXTURES=1 to write the fixtures of the current layout into the source tree (once per
    /// released layout; never rewrite an older layout's files).</summary>
    [Fact]
    public void Fixtures_OfTheCurrentLayout_AreCheckedIn()
    {
        if (Environment.GetEnvironmentVariable("PAI_WRITE_FIXTURES") == "1")
        {
            foreach (var (name, state) in StepRunFixtures.States.Where(f => f.Value.Version == StepRunState.CurrentVersion))
            {
                File.WriteAllBytes(StepRunFixtures.SourcePathOf(name), Serializer.Serialize(state).ToArray());
            }

            return;
        }

        Assert.All(StepRunFixtures.States.Keys, name => Assert.True(File.Exists(StepRunFixtures.PathOf(name)), $"fixture {name} is missing"));
    }

    [Fact]
    public void Load_WaitStepFixture_HoldsEveryField()
    {
        var state = Load(StepRunFixtures.WaitStep);

        Assert.Equal(1, state.Version);
        Assert.Equal(2, state.Revision);
        Assert.Equal("fixture-writer", state.WriterId);
        Assert.Equal(StepRunFixtures.States[StepRunFixtures.WaitStep].Work, state.Work);
        Assert.Equal(1, state.Attempts);
        Assert.Equal(0, state.FailedAttempts);
        Assert.Equal(StepRunFixtures.StartedAt, state.StartedAt);
        Assert.Equal("2025-01-01T00:00:01.0000000+00:00", state.Checkpoint["deadline"]);
        Assert.Null(state.Skill);
    }

    [Fact]
    public void Load_SkillFixture_HoldsTheRunsProgress()
    {
        var state = Load(StepRunFixtures.SkillAtVerify);

        Assert.Equal("", state.Work!.Tool);
        Assert.Equal("write-note", state.Work.Skill);
        var run = state.Skill!;
        Assert.Equal(1, run.Version);
        Assert.Equal(("write-note", "2"), (run.Skill, run.SkillVersion));
        Assert.Equal(StepRunFixtures.WriteNoteText, run.Sources["write-note"]);
        Assert.Equal((SkillStage.Main, 1, 0), (run.Stage, run.Index, run.Item));
        Assert.Equal("""{"path":".runs/note/staging/note.md","bytes":13}""", run.Outputs["save"]);
        Assert.Equal("""{"name":"n1","body":"from the plan"}""", run.Inputs);
        Assert.Null(run.Failure);
        Assert.Empty(run.PhaseFailures);
    }

    [Fact]
    public async Task Resume_WaitStepFixture_EndsAtTheStoredDeadlineAndCountsTheEarlierAttempt()
    {
        // The stored deadline passed long ago: a step that honours its checkpoint ends at once instead of waiting an hour.
        await StoreAsync(StepRunFixtures.WaitStep, $"{StepRunFixtures.WaitGoal}/nap");
        await SubmitAsync(Grains, StepRunFixtures.WaitGoal, Step("nap", "wait", new() { ["for"] = "1h" }, retry: new RetrySpec(3, TimeSpan.FromMilliseconds(200))));

        var view = await WaitFinishedAsync(Grains, StepRunFixtures.WaitGoal, TimeSpan.FromSeconds(60));

        Assert.True(view.Status == GoalStatus.Succeeded, view.Error);
        var nap = view.Steps.Single();
        Assert.Equal(2, nap.Attempts);
        Assert.Equal("2025-01-01T00:00:01.0000000+00:00", System.Text.Json.Nodes.JsonNode.Parse(nap.Output!)!["deadline"]!.GetValue<string>());
    }

    [Fact]
    public async Task Resume_SkillFixture_ContinuesAtVerifyWithoutRunningTheSavedPhaseAgain()
    {
        // What the crashed run left in the workspace; the saved phase would have written "from the plan".
        var workspace = fixture.Services.GetRequiredService<IOptions<EngineOptions>>().Value.WorkspaceOf(StepRunFixtures.SkillGoal);
        var staged = Path.Combine(workspace, ".runs", "note", "staging", "note.md");
        Directory.CreateDirectory(Path.GetDirectoryName(staged)!);
        await File.WriteAllTextAsync(staged, "before crash.");
        await StoreAsync(StepRunFixtures.SkillAtVerify, $"{StepRunFixtures.SkillGoal}/note");
        await SubmitAsync(Grains, StepRunFixtures.SkillGoal, new StepSpec("note", null, "write-note", """{"name":"n1","body":"from the plan"}""", []));

        var view = await WaitFinishedAsync(Grains, StepRunFixtures.SkillGoal, TimeSpan.FromSeconds(60));

        Assert.True(view.Status == GoalStatus.Succeeded, view.Error);
        Assert.Equal("before crash.", await File.ReadAllTextAsync(Path.Combine(workspace, "notes", "n1.md")));
        Assert.Equal("""{"path":"notes/n1.md","bytes":13}""", view.Steps.Single().Output);
        Assert.False(Directory.Exists(Path.Combine(workspace, ".runs")));
    }

    private IGrainFactory Grains => fixture.Grains;

    private StepRunState Load(string name) => Serializer.Deserialize<StepRunState>(BinaryData.FromBytes(File.ReadAllBytes(StepRunFixtures.PathOf(name)))) ?? throw new InvalidDataException(name);

    private async Task StoreAsync(string name, string key)
    {
        var state = new GrainState<StepRunState>(Load(name));
        await fixture.Store.WriteStateAsync("step", GrainId.Create("steprun", key), state);
    }
}
