using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Host.Tests;

/// <summary>Approvals across restarts, agent allow-lists, rate limits and the audit trail, on the real host.</summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class GuardrailsTests
{
    [Fact]
    public async Task Approval_SurvivesKillAndRestart_ThenApproveRunsTheStep()
    {
        await using var host = await PaiProcess.StartNewAsync();
        var approved = await host.Client.SubmitAsync(Goal("needs approval",
            Step("prepare", "echo", new { text = "ready" }),
            WithApproval(Step("write", "file.write", new { path = "approved.txt", content = "yes" }, "prepare"))));
        var rejected = await host.Client.SubmitAsync(Goal("to reject", WithApproval(Step("write", "file.write", new { path = "rejected.txt", content = "no" }))));
        await WaitStatusAsync(host.Client, approved, "WaitingForApproval");
        await WaitStatusAsync(host.Client, rejected, "WaitingForApproval");

        await host.KillAsync();
        await host.StartAsync();

        var goal = await host.Client.GetGoalAsync(approved);
        Assert.Equal("WaitingForApproval", goal["status"]!.GetValue<string>());
        Assert.Equal("WaitingForApproval", goal["steps"]![1]!["status"]!.GetValue<string>());
        Assert.False(File.Exists(Path.Combine(host.WorkspaceOf(approved), "approved.txt")));

        Assert.Equal(HttpStatusCode.Conflict, await PostAsync(host.Client, $"/api/goals/{approved}/steps/prepare/approve"));
        Assert.Equal(HttpStatusCode.NotFound, await PostAsync(host.Client, $"/api/goals/{approved}/steps/ghost/approve"));
        Assert.Equal(HttpStatusCode.NotFound, await PostAsync(host.Client, "/api/goals/g_nope/steps/write/approve"));
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(host.Client, $"/api/goals/{approved}/steps/write/approve"));
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(host.Client, $"/api/goals/{rejected}/steps/write/reject"));

        Assert.Equal("Succeeded", (await host.Client.WaitFinishedAsync(approved, TimeSpan.FromSeconds(20)))["status"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(host.WorkspaceOf(approved), "approved.txt")));
        var failed = await host.Client.WaitFinishedAsync(rejected, TimeSpan.FromSeconds(20));
        Assert.Equal("Failed", failed["status"]!.GetValue<string>());
        Assert.Contains("rejected by admin", failed["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, await PostAsync(host.Client, $"/api/goals/{approved}/steps/write/approve"));

        Assert.Single((await host.Client.GetFromJsonAsync<JsonObject>($"/api/audit?goal={approved}&kind=step.approved"))!["items"]!.AsArray());
        Assert.Single((await host.Client.GetFromJsonAsync<JsonObject>($"/api/audit?goal={rejected}&kind=step.rejected"))!["items"]!.AsArray());
    }

    [Fact]
    public async Task Guardrails_TimeoutAllowListAndRateLimits_AreEnforcedAndAudited()
    {
        var agents = SkillsTests.NewFolder(("reader.yaml", """
            name: reader
            systemPrompt: You only read.
            tools: [file.read, echo]
            """));
        await using var host = await PaiProcess.StartNewAsync(new Dictionary<string, string>
        {
            ["Pai__Engine__AgentsDirectory"] = agents,
            ["Pai__Engine__ApprovalTimeout"] = "00:00:01",
            ["Pai__Engine__StepWatchdogInterval"] = "00:00:01",
            ["Pai__Tools__Overrides__echo__RateLimitPermits"] = "2",
            ["Pai__Tools__Overrides__echo__RateLimitWindow"] = "00:10:00",
            ["Pai__Tools__Overrides__echo__RateLimitRefuse"] = "true",
            ["Pai__Tools__Overrides__file.list__RateLimitPermits"] = "2",
            ["Pai__Tools__Overrides__file.list__RateLimitWindow"] = "00:00:01",
            ["Pai__Tools__Overrides__file.list__RateLimitPerPrincipal"] = "false",
            ["Pai__Tools__Overrides__wait__Approval"] = "true",
        });

        // Approval timeout: nobody decides, so the step counts as rejected.
        var timedOut = await host.Client.SubmitAsync(Goal("nobody answers", WithApproval(Step("a", "echo", new { text = "x" }))));
        var goal = await host.Client.WaitFinishedAsync(timedOut, TimeSpan.FromSeconds(15));
        Assert.Equal("Failed", goal["status"]!.GetValue<string>());
        Assert.Contains("approval timed out", goal["error"]!.GetValue<string>(), StringComparison.Ordinal);

        // A tool whose every call needs approval makes the step wait for one without the plan asking for it.
        var dangerous = await host.Client.SubmitAsync(Goal("dangerous", Step("nap", "wait", new { @for = "10ms" })));
        await WaitStatusAsync(host.Client, dangerous, "WaitingForApproval");
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(host.Client, $"/api/goals/{dangerous}/steps/nap/approve"));
        Assert.Equal("Succeeded", (await host.Client.WaitFinishedAsync(dangerous, TimeSpan.FromSeconds(15)))["status"]!.GetValue<string>());

        // Allow-list: the reader agent may read, not write.
        var body = Goal("reader writes", Step("w", "file.write", new { path = "x.txt", content = "x" }));
        body["agent"] = "reader";
        var refused = await host.Client.SubmitAsync(body);
        goal = await host.Client.WaitFinishedAsync(refused, TimeSpan.FromSeconds(15));
        Assert.Equal("Failed", goal["status"]!.GetValue<string>());
        Assert.Contains("agent 'reader' may not call tool 'file.write'", goal["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(host.WorkspaceOf(refused), "x.txt")));
        var refusals = (await host.Client.GetFromJsonAsync<JsonObject>($"/api/audit?goal={refused}&kind=tool.refused"))!["items"]!.AsArray();
        Assert.Equal("file.write", Assert.Single(refusals)!["tool"]!.GetValue<string>());

        // Refuse mode: a burst of four echo calls over a limit of two: two succeed, two get 429.
        var burst = await host.Client.SubmitAsync(Goal("burst", Enumerable.Range(0, 4).Select(i => Step($"e{i}", "echo", new { i })).ToArray()));
        goal = await host.Client.WaitFinishedAsync(burst, TimeSpan.FromSeconds(15));
        var statuses = goal["steps"]!.AsArray().Select(s => s!["status"]!.GetValue<string>()).ToList();
        Assert.Equal(2, statuses.Count(s => s == "Succeeded"));
        Assert.All(goal["steps"]!.AsArray().Where(s => s!["status"]!.GetValue<string>() == "Failed"), s => Assert.Contains("429", s!["error"]!.GetValue<string>(), StringComparison.Ordinal));

        // Delay mode: six calls at two per second all succeed, spread over at least two seconds.
        Directory.CreateDirectory(Path.Combine(host.DataDirectory, "workspaces"));
        var clock = Stopwatch.StartNew();
        var delayed = await host.Client.SubmitAsync(Goal("delayed",
            [Step("mk", "file.write", new { path = "d/x.txt", content = "x" }), .. Enumerable.Range(0, 6).Select(i => Step($"l{i}", "file.list", new { path = "d" }, "mk"))]));
        goal = await host.Client.WaitFinishedAsync(delayed, TimeSpan.FromSeconds(30));
        Assert.True(goal["status"]!.GetValue<string>() == "Succeeded", goal.ToJsonString());
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.8), $"six calls at 2/s took only {clock.Elapsed}");

        var tools = (await host.Client.GetFromJsonAsync<JsonObject>("/api/tools?limit=500"))!["items"]!.AsArray();
        var echo = tools!.Single(t => t!["name"]!.GetValue<string>() == "echo")!;
        Assert.Equal(2, echo["rateLimit"]!["permits"]!.GetValue<int>());
        Assert.Equal("refuse", echo["rateLimit"]!["onLimit"]!.GetValue<string>());
        Assert.Contains(tools!, t => t!["name"]!.GetValue<string>() == "process.run");

        var verdict = await host.Client.GetFromJsonAsync<JsonObject>("/api/audit/verify");
        Assert.True(verdict!["valid"]!.GetValue<bool>(), verdict.ToJsonString());
    }

    private static JsonObject WithApproval(JsonObject step)
    {
        step["approval"] = true;
        return step;
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient client, string path)
    {
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), null);
        return response.StatusCode;
    }

    private static async Task WaitStatusAsync(HttpClient client, string id, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((await client.GetGoalAsync(id))["status"]!.GetValue<string>() != status)
        {
            Assert.True(DateTime.UtcNow < deadline, $"goal {id} never reached {status}");
            await Task.Delay(50);
        }
    }
}
