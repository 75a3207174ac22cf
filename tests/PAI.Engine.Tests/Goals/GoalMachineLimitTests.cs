using PAI.Abstractions.Goals;
using PAI.Engine.Goals;
using static PAI.Engine.Tests.Goals.MachineHarness;

namespace PAI.Engine.Tests.Goals;

/// <summary>Bad steps fail with a clear error instead of throwing; state and inputs are capped.</summary>
public sealed class GoalMachineLimitTests
{
    [Fact]
    public void Submit_ReferenceIndexOverflowsAnInt_FailsTheStepNotTheCall()
    {
        var goal = new MachineHarness();

        var t = goal.Submit("""{"a":[1]}""", Tool("a", """{"v":"${inputs.a[99999999999]}"}"""));

        Assert.Equal(GoalAnswer.Accepted, t.Answer);
        Assert.True(t.Single<PersistState>().Changed);
        Assert.False(t.Has<DispatchSteps>());
        Assert.Equal(StepStatus.Failed, goal.Step("a").Status);
        Assert.StartsWith("the step's input could not be built", goal.Step("a").Error, StringComparison.Ordinal);
        Assert.Equal(GoalStatus.Failed, goal.State.Status);
    }

    [Fact]
    public void StepOutcome_DependantReferencesMissingField_FailsTheDependantNamingTheReference()
    {
        var goal = new MachineHarness();
        goal.Submit(Tool("a"), Tool("b", """{"v":"${steps.a.output.nope}"}""", "a"));

        goal.Succeed("a", """{"x":1}""");

        Assert.Equal(StepStatus.Failed, goal.Step("b").Status);
        Assert.Contains("steps.a.output.nope", goal.Step("b").Error, StringComparison.Ordinal);
    }

    [Fact]
    public void StepInput_OverTheInputLimitOnceResolved_FailsTheStepNamingTheSetting()
    {
        var goal = new MachineHarness(DefaultOptions() with { MaxStepInputBytes = 1000 });
        goal.Submit(Tool("a"), Tool("b", """{"x":"${steps.a.output.s}","y":"${steps.a.output.s}"}""", "a"));

        var t = goal.Succeed("a", $$"""{"s":"{{new string('x', 600)}}"}""");

        Assert.False(t.Has<Engine.Goals.DispatchSteps>());
        Assert.Equal(StepStatus.Failed, goal.Step("b").Status);
        Assert.Contains("MaxStepInputBytes", goal.Step("b").Error, StringComparison.Ordinal);
    }

    [Fact]
    public void StepOutcome_OutputWouldPassTheStateLimit_FailsTheStepAndDropsTheOutput()
    {
        var goal = new MachineHarness(DefaultOptions() with { MaxGoalStateBytes = 4000 });
        goal.Submit(Tool("a"), Tool("b"));
        goal.Succeed("a", $$"""{"s":"{{new string('x', 2000)}}"}""");

        goal.Succeed("b", $$"""{"s":"{{new string('y', 2000)}}"}""");

        Assert.Equal(StepStatus.Succeeded, goal.Step("a").Status);
        Assert.Equal(StepStatus.Failed, goal.Step("b").Status);
        Assert.Null(goal.Step("b").Output);
        Assert.Contains("MaxGoalStateBytes", goal.Step("b").Error, StringComparison.Ordinal);
        Assert.Equal(GoalStatus.Failed, goal.State.Status);
        Assert.True(goal.Machine.EstimatedBytes <= 4000);
    }

    [Fact]
    public void Finish_ResultWouldPassTheStateLimit_FailsTheGoal()
    {
        var goal = new MachineHarness(DefaultOptions() with { MaxGoalStateBytes = 3000 });
        goal.Submit(Tool("a"));

        goal.Succeed("a", $$"""{"s":"{{new string('x', 2000)}}"}""");

        Assert.Equal(GoalStatus.Failed, goal.State.Status);
        Assert.Null(goal.State.Result);
        Assert.Contains("result", goal.State.Error, StringComparison.Ordinal);
        Assert.Contains("MaxGoalStateBytes", goal.State.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void StepOutcome_VeryLongError_IsKeptShort()
    {
        var goal = new MachineHarness();
        goal.Submit(Tool("a"));

        goal.Fail("a", new string('e', 100_000));

        Assert.True(goal.Step("a").Error!.Length < 5000);
    }

    /// <summary>
    /// The hostile case: a plan of about 10 KB whose steps feed each other's outputs forward (each output holds its
    /// dependency's output twice) grows the goal's state geometrically. A limit (the template evaluator's, the input's or
    /// the state's, whichever is reached first) stops it with a clear error.
    /// </summary>
    [Fact]
    public void TenKilobytePlan_StepsDoubleEachOthersOutputs_StopsAtTheStateLimitWithAClearError()
    {
        var goal = new MachineHarness();
        var steps = new List<Abstractions.Goals.StepSpec> { Tool("s0", $$"""{"t":"{{new string('x', 1000)}}"}""") };
        for (var i = 1; i < 120; i++)
        {
            steps.Add(Tool($"s{i}", $$"""{"a":"${steps.s{{i - 1}}.output}","b":"${steps.s{{i - 1}}.output}"}""", $"s{i - 1}"));
        }

        Assert.InRange(steps.Sum(s => s.With!.Length + 20), 9_000, 12_000);
        goal.Submit(steps.ToArray());

        // The echo tool's output is its input: play it until the goal stops.
        var running = goal.State.Steps.Single(s => s.Status == StepStatus.Running);
        var input = steps[0].With!;
        while (true)
        {
            var t = goal.Succeed(running.Spec.Id, input);
            if (goal.State.Status.IsTerminal())
            {
                break;
            }

            var next = Assert.Single(t.Dispatched());
            running = goal.Step(next.StepId);
            input = next.Input;
        }

        Assert.Equal(GoalStatus.Failed, goal.State.Status);
        var failed = goal.State.Steps.Single(s => s.Status == StepStatus.Failed);
        Assert.Matches("MaxStepInputBytes|MaxGoalStateBytes|the values the template takes add up to more than", failed.Error!);
        Assert.True(goal.Machine.EstimatedBytes <= goal.Options.MaxGoalStateBytes);
    }
}
