using Orleans.Storage;
using PAI.Abstractions.Storage;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Steps;
using PAI.Engine.Goals;
using PAI.Engine.Tests.Goals;

namespace PAI.Engine.Tests.Fixtures;

/// <summary>
/// Goal state written by every released version still loads and runs to the end (as Temporal replays checked-in
/// histories). goal-state.v0.bin was written before the state had a version; see Fixtures/README.md for adding one.
/// </summary>
public sealed class GoalStateFixtureTests
{
    public static TheoryData<string> Files() => new(Directory.GetFiles(GoalStateFixtures.Folder, "goal-state.v*.bin").Select(Path.GetFileName)!);

    [Fact]
    public void Fixtures_OneForTheCurrentVersion_IsCheckedIn()
    {
        Assert.True(File.Exists(Path.Combine(GoalStateFixtures.Folder, $"goal-state.v{GoalState.CurrentVersion}.bin")), "add a fixture for the current version (Fixtures/README.md)");
        Assert.True(File.Exists(Path.Combine(GoalStateFixtures.Folder, "goal-state.v0.bin")));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Load_Fixture_HoldsTheGoalAsWritten(string file)
    {
        var state = GoalStateFixtures.Load(file);

        var expected = GoalStateFixtures.MidFlight();
        Assert.Equal((expected.Id, expected.Owner, expected.BodyDigest, expected.Status, expected.EventSequence, expected.Revision), (state.Id, state.Owner, state.BodyDigest, state.Status, state.EventSequence, state.Revision));
        Assert.Equal(expected.CreatedAt, state.CreatedAt);
        Assert.Equal(expected.Submission, state.Submission! with { Plan = expected.Submission!.Plan });
        Assert.Equal(expected.Submission.Plan!.Steps.Select(Flat), state.Submission!.Plan!.Steps.Select(Flat));
        Assert.Equal(
            expected.Steps.Select(s => (Flat(s.Spec), s.Status, s.Attempts, s.StartedAt, s.FinishedAt, s.Output, s.Error, s.Approved, s.ApprovalRequestedAt)),
            state.Steps.Select(s => (Flat(s.Spec), s.Status, s.Attempts, s.StartedAt, s.FinishedAt, s.Output, s.Error, s.Approved, s.ApprovalRequestedAt)));
        if (state.Version >= 2)
        {
            // Version 2: plan versions and model usage.
            Assert.Equal(1, state.PlanVersion);
            Assert.Equal(expected.Plans.Single() with { Memories = [] }, state.Plans.Single() with { Memories = [] });
            Assert.Equal(expected.Plans[0].Memories, state.Plans[0].Memories);
            Assert.Equal(expected.Usage["fixture-model"], state.Usage["fixture-model"]);
        }

        // Version 3: usage by agent (empty in earlier files) and the event log (null in earlier files).
        Assert.Equal(state.Version >= 3 ? expected.UsageByAgent : [], state.UsageByAgent);
        Assert.Equal(state.Version >= 3 ? expected.RecentEvents : null, state.RecentEvents);
    }

    private static string Flat(StepSpec spec) => (spec with { DependsOn = [] }) + " after " + string.Join(",", spec.DependsOn);

    [Theory]
    [MemberData(nameof(Files))]
    public void Machine_OnFixture_ResumesAndRunsTheGoalToItsEnd(string file)
    {
        var goal = new MachineHarness(MachineHarness.DefaultOptions(notifyFinished: true), GoalStateFixtures.Load(file));
        goal.Now = goal.State.UpdatedAt;

        // Resume: the running step is started again, with its input resolved from the stored output.
        var resumed = goal.Apply(new ResumeGoal());
        Assert.Equal(GoalState.CurrentVersion, goal.State.Version);
        Assert.Equal("""{"v":"hi"}""", Assert.Single(resumed.Dispatched()).Input);

        var approved = goal.Apply(new DecideApproval("c", "operator", Approve: true));
        var skill = Assert.Single(approved.Dispatched());
        Assert.Equal((null, "write-note", """{"name":"n","body":"hello"}"""), (skill.Tool, skill.Skill, skill.Input));
        Assert.Equal(10, approved.Events()[0].Sequence);
        Assert.Equal(GoalStatus.Running, goal.State.Status);

        Assert.Empty(goal.Succeed("b", """{"v":"hi"}""").Dispatched());
        var d = Assert.Single(goal.Succeed("c", """{"path":"notes/n.md"}""").Dispatched());
        Assert.Equal("""{"b":"hi","c":{"path":"notes/n.md"}}""", d.Input);
        Assert.Equal("default", d.Agent);

        var finished = goal.Succeed("d", d.Input);
        Assert.Equal(GoalStatus.Succeeded, goal.State.Status);
        Assert.Equal("""{"d":{"b":"hi","c":{"path":"notes/n.md"}}}""", goal.State.Result);
        Assert.Equal(["a", "b", "c", "d"], finished.Single<NotifyGoalFinished>().Goal.Steps.Select(s => s.Id));
        Assert.False(goal.Apply(new FinishedHandled()).Single<UpdateIndex>().Entry.HandlersPending);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Store_FixtureAfterATransition_RoundTripsThroughTheSerializer(string file)
    {
        var goal = new MachineHarness(MachineHarness.DefaultOptions(), GoalStateFixtures.Load(file));
        goal.Succeed("b", """{"v":"hi"}""");

        var again = GoalStateFixtures.Serializer.Deserialize<GoalState>(GoalStateFixtures.Serializer.Serialize(goal.State))!;

        Assert.Equal(GoalState.CurrentVersion, again.Version);
        Assert.Equal(StepStatus.Succeeded, again.Steps[1].Status);
        Assert.Equal(goal.State.EventSequence, again.EventSequence);
    }

    /// <summary>
    /// Writes the fixture of the current version into the source tree (run once per release that changes the state:
    /// <c>PAI_WRITE_FIXTURES=1 dotnet test tests/PAI.Engine.Tests --filter WriteCurrentVersion</c>); otherwise checks
    /// that the checked-in fixture of the current version is what this version writes.
    /// </summary>
    /// <summary>
    /// The stores' pooled serializer writes exactly the bytes of Orleans' own grain-storage serializer (what every stored
    /// goal was written with), and each reads what the other wrote.
    /// </summary>
    [Fact]
    public void PooledSerializer_MidFlightGoal_WritesOrleansGrainStorageBytes()
    {
        var orleans = new OrleansGrainStorageSerializer(GoalStateFixtures.OrleansSerializer);
        var state = GoalStateFixtures.MidFlight();

        var pooled = PooledGrainStorageSerializer.ToExactArray(GoalStateFixtures.Serializer.Serialize(state));
        var original = orleans.Serialize(state).ToArray();

        Assert.Equal(original, pooled);
        Assert.Equal(state.Steps.Count, GoalStateFixtures.Serializer.Deserialize<GoalState>(BinaryData.FromBytes(original))!.Steps.Count);
        Assert.Equal(state.EventSequence, orleans.Deserialize<GoalState>(BinaryData.FromBytes(pooled))!.EventSequence);
    }

    /// <summary>The exact array the pooled serializer returns is handed to the store as it is, not copied again.</summary>
    [Fact]
    public void ToExactArray_ExactArray_IsNotCopied_AndASliceIs()
    {
        var exact = new byte[] { 1, 2, 3 };
        Assert.Same(exact, PooledGrainStorageSerializer.ToExactArray(new BinaryData(exact)));

        var slice = PooledGrainStorageSerializer.ToExactArray(new BinaryData(new ReadOnlyMemory<byte>(new byte[] { 9, 1, 2, 3 }, 1, 3)));
        Assert.Equal(exact, slice);
    }

    [Fact]
    public void WriteCurrentVersion_FixtureOfTheCurrentVersion_IsWhatThisVersionWrites()
    {
        var bytes = GoalStateFixtures.Serializer.Serialize(GoalStateFixtures.MidFlight()).ToArray();
        var name = $"goal-state.v{GoalState.CurrentVersion}.bin";
        if (Environment.GetEnvironmentVariable("PAI_WRITE_FIXTURES") == "1")
        {
            var source = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "Fixtures", name);
            File.WriteAllBytes(source, bytes);
        }
        else
        {
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(GoalStateFixtures.Folder, name)));
        }
    }
}
