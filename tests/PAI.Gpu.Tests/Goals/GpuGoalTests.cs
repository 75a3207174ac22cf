using System.Text.Json.Nodes;
using PAI.Abstractions.Goals;
using PAI.Engine;
using PAI.Engine.Hosting;
using PAI.Gpu.Tests.Infrastructure;

namespace PAI.Gpu.Tests.Goals;

/// <summary>GPU jobs as steps of a goal, on a silo with the goal engine.</summary>
public sealed class GpuGoalTests
{
    [Fact]
    public async Task Goal_GpuRunAsTheFirstStep_RunsInTheGoalsWorkspace()
    {
        await using var silo = await GpuSilo.StartAsync(devices: 1, ttl: TimeSpan.FromSeconds(3), configureSilo: (builder, dir) =>
        {
            var agents = Path.Combine(dir, "agents");
            Directory.CreateDirectory(agents);
            File.WriteAllText(Path.Combine(agents, "default.yaml"), "name: default\ntools: [\"*\"]\n");
            builder.AddGoalEngine(o =>
            {
                o.DataDirectory = dir;
                o.AgentsDirectory = agents;
            });
        });
        var id = "g" + Guid.NewGuid().ToString("N");
        var with = new JsonObject { ["command"] = "sh", ["args"] = new JsonArray("-c", "pwd") };
        var plan = new PlanSpec([new StepSpec("job", "gpu.run", null, with.ToJsonString(), [])]);

        var submitted = await silo.Grains.GetGrain<IGoalGrain>(id).SubmitAsync(new SubmitGoalCommand("tester", new GoalSubmission("first job", null, null, null, plan, null), id));
        Assert.Equal(SubmitOutcome.Accepted, submitted.Outcome);
        var view = await WaitFinishedAsync(silo, id);

        Assert.True(view.Status == GoalStatus.Succeeded, view.Error);
        var output = JsonNode.Parse(view.Steps.Single().Output!)!;
        Assert.Equal(0, output["exitCode"]!.GetValue<int>());
        Assert.Contains(Path.Combine("workspaces", id), output["output"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task<GoalView> WaitFinishedAsync(GpuSilo silo, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var view = await silo.Grains.GetGrain<IGoalGrain>(id).GetAsync();
            if (view is not null && view.Status.IsTerminal())
            {
                return view;
            }

            Assert.True(DateTime.UtcNow < deadline, $"goal {id} did not finish: {view?.Status}");
            await Task.Delay(50);
        }
    }
}
