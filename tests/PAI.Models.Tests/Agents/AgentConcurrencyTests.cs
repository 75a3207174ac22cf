using PAI.Abstractions.Goals;
using PAI.Abstractions.Models;
using PAI.Models.Tests.Testing;
using PAI.Testing.Models;
using static PAI.Models.Tests.Testing.GoalRunner;

namespace PAI.Models.Tests.Agents;

/// <summary>The agent grain holds an agent's model phases to its <c>concurrency</c> across goals.</summary>
[Collection(nameof(ModelSiloCollection))]
public sealed class AgentConcurrencyTests(ModelSilo silo)
{
    private static GoalSubmission SoloGoal(string token) => new(
        $"solo {token}", null, null, null, new PlanSpec([new StepSpec("work", null, null, null, [], Agent: "solo", Task: $"solo work {token}")]), null);

    [Fact]
    public async Task AgentWithConcurrencyOne_RunsTheSecondGoalsLoopOnlyAfterTheFirstEnds()
    {
        var first = Guid.NewGuid().ToString("N");
        var second = Guid.NewGuid().ToString("N");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        silo.A.On(r => IsAgent(r, first), _ => ScriptedReply.Text("first done") with { Gate = gate.Task });
        silo.A.On(r => IsAgent(r, second), _ => ScriptedReply.Text("second done"));

        var a = await SubmitAsync(silo.Grains, SoloGoal(first));
        await silo.A.WaitForAsync(r => IsAgent(r, first), TimeSpan.FromSeconds(60));
        var b = await SubmitAsync(silo.Grains, SoloGoal(second));
        await WaitAsync(silo.Grains, b, g => g.Steps.Single().Status == StepStatus.Running);

        // The second run is started and waits for the agent's only slot, which the first (held at the server) has.
        var activity = await silo.Grains.GetGrain<IAgentGrain>("solo").GetActivityAsync();
        Assert.Equal([$"{a}/work/task"], activity.Running);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(silo.A.Requests, r => IsAgent(r, second));

        gate.SetResult();
        var goalA = await WaitAsync(silo.Grains, a);
        var goalB = await WaitAsync(silo.Grains, b);

        Assert.Equal((GoalStatus.Succeeded, GoalStatus.Succeeded), (goalA.Status, goalB.Status));
        Assert.Empty((await silo.Grains.GetGrain<IAgentGrain>("solo").GetActivityAsync()).Running);
    }
}
