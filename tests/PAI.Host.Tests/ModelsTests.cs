using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;
using PAI.Testing.Models;
using Xunit.Abstractions;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Host.Tests;

/// <summary>The real host with a model: a person's free-form goal is planned, run by an agent and finished, also when
/// the host is killed with SIGKILL in the middle of the agent's loop (the planner shown the owner's memories, the usage
/// shown by <c>pai goals show</c>, the agent's transcript by the API); without a model it is refused at once.</summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class ModelsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task FreeFormGoal_WithNoModelConfigured_IsRefusedWith422SayingHowToConfigureOne_WhilePlansStillRun()
    {
        await using var host = await PaiProcess.StartNewAsync();

        using var refused = await host.Client.PostGoalAsync(new JsonObject { ["title"] = "write me a report" });
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        var planned = await host.Client.SubmitAsync(Goal("explicit", Step("a", "echo", new { text = "hi" })));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("OPENAI_BASE_URL", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("Succeeded", (await host.Client.WaitFinishedAsync(planned, TimeSpan.FromSeconds(60)))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task FreeFormGoal_PlansRunsAndFinishes_SurvivingAKillInTheMiddleOfTheAgentLoop()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        var token = Guid.NewGuid().ToString("N");
        static bool IsPlanner(ScriptedRequest r) => r.System.Contains("PAI's planner", StringComparison.Ordinal);
        bool IsAgent(ScriptedRequest r) => !IsPlanner(r) && r.AllUser.Contains(token, StringComparison.Ordinal);
        model.On(IsPlanner, _ => ScriptedReply.Json(new JsonObject
        {
            ["steps"] = new JsonArray(new JsonObject { ["id"] = "work", ["task"] = $"append one line to out/log.txt, then say done ({token})" }),
        }));
        model.On(r => IsAgent(r) && r.ToolResults.Count == 0, _ => ScriptedReply.Call("file_append", new JsonObject { ["path"] = "out/log.txt", ["content"] = "one line\n" }));
        model.On(r => IsAgent(r) && r.ToolResults.Count == 1, _ => ScriptedReply.Hanging(), times: 1);
        model.On(r => IsAgent(r) && r.ToolResults.Count == 1, _ => ScriptedReply.Text($"done {token}"));
        var environment = new Dictionary<string, string> { ["OPENAI_BASE_URL"] = model.BaseUrl.ToString(), ["PAI_MODEL"] = "scripted" };
        await using var host = await PaiProcess.StartNewAsync(environment);

        // A memory of the owner's, which the planner is shown (memory and models joined in the host).
        var memoryText = $"keep the log in out/log.txt, one line per entry ({token})";
        using (var remembered = await host.Client.PostAsync(
            new Uri("/api/memories", UriKind.Relative),
            new StringContent(new JsonObject { ["items"] = new JsonArray(new JsonObject { ["text"] = memoryText }) }.ToJsonString(), System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.True(remembered.IsSuccessStatusCode, $"remember: {(int)remembered.StatusCode}");
        }

        var id = await host.Client.SubmitAsync(new JsonObject { ["title"] = "keep a log", ["description"] = "append a line and report" });
        await model.WaitForAsync(r => IsAgent(r) && r.ToolResults.Count == 1, TimeSpan.FromSeconds(90));
        await host.KillAsync();
        output.WriteLine($"killed while turn 2 was being answered; {model.Requests.Count} model requests so far");
        await host.StartAsync(environment);
        var goal = await host.Client.WaitFinishedAsync(id, TimeSpan.FromSeconds(90));

        Assert.Equal("Succeeded", goal["status"]!.GetValue<string>());
        Assert.Equal(["one line"], await File.ReadAllLinesAsync(Path.Combine(host.WorkspaceOf(id), "out", "log.txt")));
        Assert.Equal($"done {token}", goal["steps"]![0]!["output"]!["text"]!.GetValue<string>());
        Assert.Equal(1, model.Requests.Count(IsPlanner));
        Assert.Equal(1, model.Requests.Count(r => IsAgent(r) && r.ToolResults.Count == 0));
        Assert.Equal(1, goal["planning"]!["version"]!.GetValue<int>());
        Assert.Equal("scripted", goal["planning"]!["versions"]![0]!["model"]!.GetValue<string>());
        Assert.Contains(memoryText, model.Requests.First(IsPlanner).AllUser, StringComparison.Ordinal);
        Assert.Contains(goal["planning"]!["versions"]![0]!["memories"]!.AsArray(), m => m!["text"]!.GetValue<string>() == memoryText);
        Assert.True(goal["usage"]!["total"]!["calls"]!.GetValue<long>() >= 3);
        Assert.True(goal["usage"]!["byAgent"]!["default"]!["calls"]!.GetValue<long>() >= 2);

        // The agent's transcript, kept across the kill: the call made before it, its result, the answer after it.
        var transcript = await host.Client.GetFromJsonAsync<JsonObject>($"/api/goals/{id}/steps/work/transcript");
        var run = transcript!["items"]!.AsArray().Single()!;
        Assert.Equal("task", run["scope"]!.GetValue<string>());
        Assert.Equal("file.append", run["turns"]![0]!["calls"]![0]!["tool"]!.GetValue<string>());
        Assert.Equal("out/log.txt", run["turns"]![0]!["calls"]![0]!["arguments"]!["path"]!.GetValue<string>());
        Assert.Equal("ok", run["turns"]![0]!["calls"]![0]!["status"]!.GetValue<string>());
        Assert.Equal($"done {token}", run["turns"]!.AsArray().Last()!["text"]!.GetValue<string>());

        var shown = await CliTests.RunWithAsync(PaiProcess.ApiKey, host.Client.BaseAddress!.ToString(), "goals", "show", id);
        Assert.Equal(0, shown.Code);
        Assert.Contains("plan v1 by model scripted", shown.Output, StringComparison.Ordinal);
        Assert.Contains("model usage: ", shown.Output, StringComparison.Ordinal);
        Assert.Contains("agent default: ", shown.Output, StringComparison.Ordinal);
    }
}
