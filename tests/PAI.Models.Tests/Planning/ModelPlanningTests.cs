using System.Text.Json.Nodes;
using PAI.Abstractions.Goals;
using PAI.Models.Tests.Testing;
using PAI.Testing.Models;
using static PAI.Models.Tests.Testing.GoalRunner;

namespace PAI.Models.Tests.Planning;

/// <summary>Free-form goals planned by the scripted planner model, over real HTTP.</summary>
[Collection(nameof(ModelSiloCollection))]
public sealed class ModelPlanningTests(ModelSilo silo)
{
    [Fact]
    public async Task FreeFormGoal_PlannedByModel_RunsItsPlanAndShowsPlanModelAndUsage()
    {
        var token = Guid.NewGuid().ToString("N");
        silo.A.On(r => IsPlanner(r, token), _ => Plan(new JsonObject { ["id"] = "hello", ["tool"] = "echo", ["with"] = new JsonObject { ["text"] = token } }));

        var id = await SubmitAsync(silo.Grains, new GoalSubmission($"say {token}", null, null, null, null, null));
        var goal = await WaitAsync(silo.Grains, id);

        Assert.Equal(GoalStatus.Succeeded, goal.Status);
        Assert.Contains(token, goal.Steps.Single().Output, StringComparison.Ordinal);
        Assert.Equal(1, goal.PlanVersion);
        var plan = Assert.Single(goal.Plans!);
        Assert.Equal(("model", "scripted", 1), (plan.Source, plan.Model, plan.Attempts));
        Assert.True(goal.UsageByModel!["scripted"].Calls >= 1);
        Assert.True(goal.UsageByModel["scripted"].InputTokens > 0);
        var request = silo.A.Requests.Single(r => IsPlanner(r, token));
        Assert.Equal("json_schema", request.ResponseFormat);
        Assert.Contains("echo", request.System, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidPlan_SentBackWithItsErrors_IsRepairedAndRuns()
    {
        var token = Guid.NewGuid().ToString("N");
        silo.A.On(r => IsPlanner(r, token) && r.AssistantTurns == 0, _ => Plan(new JsonObject { ["id"] = "x", ["tool"] = "no.such.tool" }));
        silo.A.On(r => IsPlanner(r, token) && r.AssistantTurns == 1, _ => Plan(new JsonObject { ["id"] = "x", ["tool"] = "echo" }));

        var id = await SubmitAsync(silo.Grains, new GoalSubmission($"repair {token}", null, null, null, null, null));
        var goal = await WaitAsync(silo.Grains, id);

        Assert.Equal(GoalStatus.Succeeded, goal.Status);
        Assert.Equal(2, goal.Plans!.Single().Attempts);
        var repair = silo.A.Requests.Where(r => IsPlanner(r, token)).ToList();
        Assert.Equal(2, repair.Count);
        Assert.Contains("unknown tool 'no.such.tool'", repair[1].LastUser, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidPlan_AfterEveryRepair_FailsTheGoalWithTheErrors()
    {
        var token = Guid.NewGuid().ToString("N");
        silo.A.On(r => IsPlanner(r, token), _ => Plan(new JsonObject { ["id"] = "x", ["tool"] = "no.such.tool" }));

        var id = await SubmitAsync(silo.Grains, new GoalSubmission($"hopeless {token}", null, null, null, null, null));
        var goal = await WaitAsync(silo.Grains, id);

        Assert.Equal(GoalStatus.Failed, goal.Status);
        Assert.Contains("planning failed", goal.Error, StringComparison.Ordinal);
        Assert.Contains("unknown tool 'no.such.tool'", goal.Error, StringComparison.Ordinal);
        Assert.Equal(3, silo.A.Requests.Count(r => IsPlanner(r, token)));
    }

    [Fact]
    public async Task StepFailingForGood_InAModelPlan_IsReplannedKeepingWhatSucceeded()
    {
        var token = Guid.NewGuid().ToString("N");
        silo.A.On(
            r => IsPlanner(r, token) && !r.AllUser.Contains("failed for good", StringComparison.Ordinal),
            _ => Plan(
                new JsonObject { ["id"] = "first", ["tool"] = "echo", ["with"] = new JsonObject { ["v"] = "kept" } },
                new JsonObject { ["id"] = "broken", ["tool"] = "file.read", ["with"] = new JsonObject { ["path"] = "missing.txt" }, ["dependsOn"] = new JsonArray("first"), ["retry"] = new JsonObject { ["maxAttempts"] = 1 } }));
        silo.A.On(
            r => IsPlanner(r, token) && r.AllUser.Contains("failed for good", StringComparison.Ordinal),
            _ => Plan(new JsonObject { ["id"] = "instead", ["tool"] = "echo", ["with"] = new JsonObject { ["v"] = "${steps.first.output.v}" }, ["dependsOn"] = new JsonArray("first") }));

        var id = await SubmitAsync(silo.Grains, new GoalSubmission($"replan {token}", null, null, null, null, null));
        var goal = await WaitAsync(silo.Grains, id);

        Assert.Equal(GoalStatus.Succeeded, goal.Status);
        Assert.Equal(2, goal.PlanVersion);
        Assert.Equal(["first", "instead"], goal.Steps.Select(s => s.Id));
        Assert.Equal(1, goal.Steps[0].Attempts);
        Assert.Contains("kept", goal.Steps[1].Output, StringComparison.Ordinal);
        Assert.Contains("step 'broken' failed", goal.Plans![1].Reason, StringComparison.Ordinal);
        var replan = silo.A.Requests.Last(r => IsPlanner(r, token));
        Assert.Contains("- first (echo)", replan.AllUser, StringComparison.Ordinal);
    }
}
