using PAI.Abstractions.Goals;
using PAI.Abstractions.Steps;
using PAI.Engine.Goals;

namespace PAI.Engine.Tests.Goals;

/// <summary>A goal machine over a fresh state, with a clock the test moves, and helpers to read its effects.</summary>
internal sealed class MachineHarness
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    public MachineHarness(GoalMachineOptions? options = null, GoalState? state = null)
    {
        Options = options ?? DefaultOptions();
        Machine = new GoalMachine(state ?? new GoalState(), Options);
    }

    public GoalMachineOptions Options { get; }

    public GoalMachine Machine { get; }

    public GoalState State => Machine.State;

    public DateTimeOffset Now { get; set; } = Start;

    public static GoalMachineOptions DefaultOptions(int maxParallel = 8, bool notifyFinished = false) =>
        new(maxParallel, TimeSpan.FromHours(1), 1024 * 1024, 8L * 1024 * 1024, notifyFinished);

    public GoalTransition Apply(GoalCommand command)
    {
        Now = Now.AddMilliseconds(1);
        return Machine.Apply(command, Now);
    }

    public GoalTransition Submit(params StepSpec[] steps) => Submit(null, steps);

    public GoalTransition Submit(string? inputs, params StepSpec[] steps) =>
        Apply(new SubmitGoal("g1", "alice", new GoalSubmission("goal", null, null, inputs, new PlanSpec(steps), null), "digest", new PlanSpec(steps)));

    public GoalTransition Succeed(string stepId, string output = "{}") =>
        Apply(new RecordStepOutcome(new StepOutcome(stepId, StepStatus.Succeeded, 1, Now, Now, output, null)));

    public GoalTransition Fail(string stepId, string error = "boom") =>
        Apply(new RecordStepOutcome(new StepOutcome(stepId, StepStatus.Failed, 1, Now, Now, null, error)));

    public GoalStepState Step(string id) => State.Steps.Single(s => s.Spec.Id == id);

    public static StepSpec Tool(string id, string? with = null, params string[] dependsOn) => new(id, "echo", null, with ?? "{}", dependsOn);
}
