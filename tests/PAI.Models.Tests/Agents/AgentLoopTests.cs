using System.Text.Json.Nodes;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Models;
using PAI.Models.Tests.Testing;
using PAI.Testing.Models;
using static PAI.Models.Tests.Testing.GoalRunner;

namespace PAI.Models.Tests.Agents;

/// <summary>Agents' tool-calling loops against the scripted server: calls through the tool invoker, permissions,
/// approvals and budgets.</summary>
[Collection(nameof(ModelSiloCollection))]
public sealed class AgentLoopTests(ModelSilo silo)
{
    private static GoalSubmission TaskGoal(string token, string agent = "default", GoalBudget? budget = null) => new(
        $"task {token}", null, null, null,
        new PlanSpec([new StepSpec("work", null, null, null, [], Agent: agent, Task: $"do the work {token}")]), null, Budget: budget);

    [Fact]
    public async Task AgentTask_CallsAToolThenAnswers_StepSucceedsWithTheAnswerAndTheToolsEffect()
    {
        var token = Guid.NewGuid().ToString("N");
        silo.A.On(r => IsAgent(r, token) && r.ToolResults.Count == 0, _ => ScriptedReply.Call("file_write", new JsonObject { ["path"] = "out/note.md", ["content"] = token }));
        silo.A.On(r => IsAgent(r, token) && r.ToolResults.Count == 1, _ => ScriptedReply.Text($"wrote the note {token}"));

        var id = await SubmitAsync(silo.Grains, TaskGoal(token));
        var goal = await WaitAsync(silo.Grains, id);

        Assert.Equal(GoalStatus.Succeeded, goal.Status);
        Assert.Equal(token, await File.ReadAllTextAsync(Path.Combine(silo.WorkspaceOf(id), "out", "note.md")));
        var output = JsonNode.Parse(goal.Steps.Single().Output!)!;
        Assert.Equal($"wrote the note {token}", output["text"]!.GetValue<string>());
        Assert.Equal(2, output["turns"]!.GetValue<int>());
        var first = silo.A.Requests.First(r => IsAgent(r, token));
        Assert.Contains("file_write", first.Tools);
        Assert.True(first.Stream);
        Assert.Equal(2, goal.UsageByModel!["scripted"].Calls);
    }

    [Fact]
    public async Task AgentCallingAToolOutsideItsAllowList_IsRefusedByTheInvokerAndToldSo()
    {
        var token = Guid.NewGuid().ToString("N");
        silo.A.On(r => IsAgent(r, token) && r.ToolResults.Count == 0, _ => ScriptedReply.Call("file_write", new JsonObject { ["path"] = "out/x.md", ["content"] = "no" }));
        silo.A.On(r => IsAgent(r, token) && r.ToolResults.Count == 1, _ => ScriptedReply.Text("I may not write."));

        var id = await SubmitAsync(silo.Grains, TaskGoal(token, agent: "reader"));
        var goal = await WaitAsync(silo.Grains, id);

        Assert.Equal(GoalStatus.Succeeded, goal.Status);
        Assert.False(File.Exists(Path.Combine(silo.WorkspaceOf(id), "out", "x.md")));
        var second = silo.A.Requests.Last(r => IsAgent(r, token));
        Assert.Contains("agent 'reader' may not call tool 'file.write'", second.ToolResults.Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("file_write", second.Tools);
    }

    [Fact]
    public async Task AgentCallingAToolThatNeedsApproval_WaitsForAPersonThenMakesTheCallOnce()
    {
        var token = Guid.NewGuid().ToString("N");
        silo.A.On(r => IsAgent(r, token) && r.ToolResults.Count == 0, _ => ScriptedReply.Call("test_launch", new JsonObject { ["target"] = token }));
        silo.A.On(r => IsAgent(r, token) && r.ToolResults.Count == 1, _ => ScriptedReply.Text("launched"));

        var id = await SubmitAsync(silo.Grains, TaskGoal(token));
        var waiting = await WaitAsync(silo.Grains, id, g => g.Status == GoalStatus.WaitingForApproval || g.Status.IsTerminal());

        Assert.Equal(GoalStatus.WaitingForApproval, waiting.Status);
        Assert.Contains("test.launch", waiting.Steps.Single().ApprovalRequest, StringComparison.Ordinal);
        Assert.DoesNotContain(silo.Launch.Effects.Keys, k => k.StartsWith(id, StringComparison.Ordinal));

        Assert.Equal(ApprovalResult.Done, await silo.Grains.GetGrain<IGoalGrain>(id).DecideAsync("work", "bob", approve: true));
        var goal = await WaitAsync(silo.Grains, id);

        Assert.Equal(GoalStatus.Succeeded, goal.Status);
        var effect = Assert.Single(silo.Launch.Effects, e => e.Key.StartsWith(id, StringComparison.Ordinal));
        Assert.Equal(($"{id}/work/task/turn-1/c0", 1), (effect.Key, effect.Value));
        Assert.Equal(1, silo.A.Requests.Count(r => IsAgent(r, token) && r.ToolResults.Count == 0));
    }

    [Fact]
    public async Task AgentThatNeverAnswers_StopsAtTheGoalsTurnBudgetWithAClearReason()
    {
        var token = Guid.NewGuid().ToString("N");
        silo.A.On(r => IsAgent(r, token), r => ScriptedReply.Call("echo", new JsonObject { ["n"] = r.ToolResults.Count }));

        var id = await SubmitAsync(silo.Grains, TaskGoal(token, budget: new GoalBudget(MaxTurns: 3)));
        var goal = await WaitAsync(silo.Grains, id);

        Assert.Equal(GoalStatus.Failed, goal.Status);
        Assert.Contains("budget exhausted: agent 'default' took 3 turns", goal.Steps.Single().Error, StringComparison.Ordinal);
        Assert.Equal(3, silo.A.Requests.Count(r => IsAgent(r, token)));
    }

    [Fact]
    public async Task GoalTokenBudget_Exhausted_EndsTheLoopBeforeTheNextTurn()
    {
        var token = Guid.NewGuid().ToString("N");
        silo.A.On(r => IsAgent(r, token), r => ScriptedReply.Call("echo", new JsonObject { ["n"] = r.ToolResults.Count }) with { InputTokens = 600, OutputTokens = 10 });

        var id = await SubmitAsync(silo.Grains, TaskGoal(token, budget: new GoalBudget(MaxTokens: 1000)));
        var goal = await WaitAsync(silo.Grains, id);

        Assert.Equal(GoalStatus.Failed, goal.Status);
        Assert.Contains("budget exhausted: the goal used 1220 model tokens of its 1000", goal.Steps.Single().Error, StringComparison.Ordinal);
        Assert.Equal(2, silo.A.Requests.Count(r => IsAgent(r, token)));
    }
}
