using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Models;
using PAI.Abstractions.Planning;
using PAI.Abstractions.Storage;
using PAI.Engine.Goals;

namespace PAI.Engine.Tests.Fixtures;

/// <summary>
/// Goal state as the store holds it: the bytes Orleans' binary grain-storage serializer writes (what
/// <c>SqliteGrainStorage</c> and the PostgreSQL store keep). One file per state version, <c>goal-state.v{n}.bin</c>.
/// </summary>
public static class GoalStateFixtures
{
    /// <summary>The folder of the checked-in fixtures, as copied beside the test assembly.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>Orleans' serializer, as the silo has it.</summary>
    public static Serializer OrleansSerializer { get; } = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    /// <summary>The serializer the stores use for grain state.</summary>
    public static IGrainStorageSerializer Serializer { get; } = new PooledGrainStorageSerializer(OrleansSerializer);

    /// <summary>Reads a checked-in fixture.</summary>
    public static GoalState Load(string file) =>
        Serializer.Deserialize<GoalState>(BinaryData.FromBytes(File.ReadAllBytes(Path.Combine(Folder, file))))
        ?? throw new InvalidDataException($"{file} holds no goal state");

    /// <summary>
    /// The goal every fixture holds, mid-flight: <c>a</c> succeeded, <c>b</c> running (second attempt), <c>c</c> (a skill
    /// step) waiting for approval, <c>d</c> pending on <c>b</c> and <c>c</c>; inputs and references in play.
    /// </summary>
    public static GoalState MidFlight()
    {
        var t0 = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        var steps = new List<StepSpec>
        {
            new("a", "echo", null, """{"text":"hi"}""", []),
            new("b", "echo", null, """{"v":"${steps.a.output.text}"}""", ["a"], new RetrySpec(3, TimeSpan.FromMilliseconds(50)), TimeSpan.FromSeconds(30)),
            new("c", null, "write-note", """{"name":"n","body":"${inputs.body}"}""", ["a"], null, null, true),
            new("d", "echo", null, """{"b":"${steps.b.output.v}","c":"${steps.c.output}"}""", ["b", "c"], null, null, false, "default"),
        };
        return new GoalState
        {
            Revision = 7,
            WriterId = "0123456789abcdef0123456789abcdef",
            Id = "g_fixture",
            Owner = "fixture-owner",
            Submission = new GoalSubmission("fixture goal", "a goal mid-flight", null, """{"body":"hello"}""", new PlanSpec(steps), null, "default"),
            BodyDigest = "d1gest",
            Status = GoalStatus.WaitingForApproval,
            CreatedAt = t0,
            UpdatedAt = t0.AddSeconds(3),
            EventSequence = 9,
            Version = GoalState.CurrentVersion,
            PlanVersion = 1,
            Plans = [new PlanningRecord(1, "model", "fixture-model", new ModelUsage(1, 100, 20, TimeSpan.FromSeconds(2)), 2, null, [new RecalledMemory("m1", "a memory", 0.5)], t0)],
            Usage = new() { ["fixture-model"] = new ModelUsage(3, 300, 40, TimeSpan.FromSeconds(5)) },
            UsageByAgent = new() { ["fixture-agent"] = new ModelUsage(2, 200, 20, TimeSpan.FromSeconds(3)) },
            RecentEvents = [new GoalEvent(8, "step", "b", "Running", t0.AddSeconds(1), null), new GoalEvent(9, "step", "c", "WaitingForApproval", t0.AddSeconds(1), null)],
            Steps =
            [
                new GoalStepState { Spec = steps[0], Status = StepStatus.Succeeded, Attempts = 1, StartedAt = t0, FinishedAt = t0.AddSeconds(1), Output = """{"text":"hi"}""" },
                new GoalStepState { Spec = steps[1], Status = StepStatus.Running, Attempts = 2, StartedAt = t0.AddSeconds(1) },
                new GoalStepState { Spec = steps[2], Status = StepStatus.WaitingForApproval, ApprovalRequestedAt = t0.AddSeconds(1) },
                new GoalStepState { Spec = steps[3], Status = StepStatus.Pending },
            ],
        };
    }
}
