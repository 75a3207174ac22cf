using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using PAI.Host.Tests.Infrastructure;
using PAI.Mcp.Tests.Infrastructure;

namespace PAI.Mcp.Tests.Server;

/// <summary>PAI's MCP server at <c>/mcp</c>, used by the C# SDK's client against a real host process.</summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class McpServerTests(McpHostFixture fixture) : IClassFixture<McpHostFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private PaiProcess Host => fixture.Host;

    [Fact]
    public async Task ListTools_AnyKey_NamesTheGoalAndCatalogToolsWithSchemas()
    {
        await using var client = await McpTestClients.HttpAsync(Host, McpTestKeys.ReadOnly);

        var tools = await client.ListToolsAsync();

        var names = tools.Select(t => t.Name).ToHashSet();
        foreach (var expected in new[] { "submit_goal", "get_goal", "list_goals", "cancel_goal", "watch_goal", "approve_step", "reject_step", "list_tools", "list_skills", "list_agents" })
        {
            Assert.Contains(expected, names);
        }

        var submit = tools.Single(t => t.Name == "submit_goal").JsonSchema;
        Assert.True(submit.GetProperty("properties").TryGetProperty("plan", out _));
        Assert.True(submit.GetProperty("properties").TryGetProperty("idempotencyKey", out _));
        Assert.Contains("title", submit.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task SubmitThenWatch_CSharpClient_ReportsEveryTransitionAndAnswersTheFinishedGoal()
    {
        await using var client = await McpTestClients.HttpAsync(Host, PaiProcess.ApiKey);
        await using var progress = ProgressLog.Attach(client);

        // The second step waits for approval, so the watch is surely following the goal before that step finishes.
        var submitted = await client.CallOkAsync("submit_goal", McpPlans.GreetThenGate("watched over MCP"));
        var id = submitted["id"]!.GetValue<string>();
        var watch = client.CallOkAsync("watch_goal", new { id }, progress);
        await progress.WaitForAsync("WaitingForApproval");
        await client.CallOkAsync("approve_step", new { id, stepId = "gate" });
        var final = await watch;

        Assert.Equal("Succeeded", final["status"]!.GetValue<string>());
        Assert.Equal("hello over MCP", final["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "greet")!["output"]!["text"]!.GetValue<string>());
        var notes = await progress.WaitForAsync("goal Succeeded");
        Assert.Equal(Enumerable.Range(1, notes.Count).Select(i => (float)i), notes.Select(n => n.Progress));
        Assert.Contains(notes, n => n.Message!.Contains("step 'gate' Succeeded", StringComparison.Ordinal));
        Assert.StartsWith("2/2 steps finished; goal Succeeded", notes[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitWithWait_SameIdempotencyKeyTwice_OneGoalFinished()
    {
        await using var client = await McpTestClients.HttpAsync(Host, PaiProcess.ApiKey);
        var goal = McpPlans.EchoThenWait("idempotent over MCP");
        goal["idempotencyKey"] = "mcp-idem-1";
        goal["wait"] = true;

        await using var progress = ProgressLog.Attach(client);
        var first = await client.CallOkAsync("submit_goal", goal, progress);
        var second = await client.CallOkAsync("submit_goal", goal);

        Assert.Equal("Succeeded", first["status"]!.GetValue<string>());
        Assert.Equal(first["id"]!.GetValue<string>(), second["id"]!.GetValue<string>());
        Assert.NotEmpty(progress.Values);
    }

    [Fact]
    public async Task Submit_UnknownFieldOrBadPlan_ProblemNamesTheFieldAndNothingIsCreated()
    {
        await using var client = await McpTestClients.HttpAsync(Host, PaiProcess.ApiKey);
        var before = await client.CallOkAsync("list_goals", new { limit = 500 });

        var (unknownIsError, unknown) = await client.CallAsync("submit_goal", new { title = "typo", plan = new { steps = new[] { new { id = "a", tol = "echo" } } } });
        var (badToolIsError, badTool) = await client.CallAsync("submit_goal", new { title = "no such tool", plan = new { steps = new[] { new { id = "a", tool = "no.such.tool" } } } });
        var after = await client.CallOkAsync("list_goals", new { limit = 500 });

        Assert.True(unknownIsError);
        Assert.Equal(422, unknown["status"]!.GetValue<int>());
        Assert.Equal("plan.steps[0].tol", unknown["errors"]![0]!["path"]!.GetValue<string>());
        Assert.True(badToolIsError);
        Assert.Equal(422, badTool["status"]!.GetValue<int>());
        Assert.Contains("no.such.tool", badTool["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before["items"]!.AsArray().Count, after["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Endpoint_NoKeyOrWrongKey_Refused401()
    {
        using var anonymous = new HttpClient { BaseAddress = Host.Client.BaseAddress };
        using var wrong = new HttpClient { BaseAddress = Host.Client.BaseAddress };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "pai_wrong_key_wrong_key_wrong_key");

        using var noKey = await anonymous.SendAsync(Initialize());
        using var badKey = await wrong.SendAsync(Initialize());
        var connect = await Assert.ThrowsAnyAsync<Exception>(() => McpTestClients.HttpAsync(Host, "pai_wrong_key_wrong_key_wrong_key"));

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, badKey.StatusCode);
        Assert.Contains("401", connect.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadOnlyKey_ReadsButEveryChangeIsForbidden()
    {
        await using var admin = await McpTestClients.HttpAsync(Host, PaiProcess.ApiKey);
        await using var reader = await McpTestClients.HttpAsync(Host, McpTestKeys.ReadOnly);
        var goal = (await admin.CallOkAsync("submit_goal", McpPlans.NeedsApproval("read-only cannot approve")))["id"]!.GetValue<string>();

        var submit = await reader.CallAsync("submit_goal", McpPlans.EchoThenWait("read-only submit"));
        var cancel = await reader.CallAsync("cancel_goal", new { id = goal });
        var approve = await reader.CallAsync("approve_step", new { id = goal, stepId = "gate" });
        var list = await reader.CallAsync("list_goals", new { });

        foreach (var (isError, content) in new[] { submit, cancel, approve })
        {
            Assert.True(isError);
            Assert.Equal(403, content["status"]!.GetValue<int>());
        }

        Assert.False(list.IsError);
        await admin.CallOkAsync("cancel_goal", new { id = goal });
    }

    [Fact]
    public async Task UserKey_AnotherPrincipalsGoal_DoesNotExistForIt()
    {
        await using var admin = await McpTestClients.HttpAsync(Host, PaiProcess.ApiKey);
        await using var alice = await McpTestClients.HttpAsync(Host, McpTestKeys.User);
        var goal = (await admin.CallOkAsync("submit_goal", McpPlans.EchoThenWait("admin's own")))["id"]!.GetValue<string>();

        var get = await alice.CallAsync("get_goal", new { id = goal });
        var watch = await alice.CallAsync("watch_goal", new { id = goal });
        var cancel = await alice.CallAsync("cancel_goal", new { id = goal });
        var read = await Assert.ThrowsAsync<McpProtocolException>(() => alice.ReadResourceAsync($"pai://goals/{goal}").AsTask());
        var own = await alice.CallOkAsync("submit_goal", McpPlans.EchoThenWait("alice's own").With("wait", true));

        Assert.All(new[] { get, watch, cancel }, r => Assert.Equal(404, r.Content["status"]!.GetValue<int>()));
        Assert.Equal(McpErrorCode.ResourceNotFound, read.ErrorCode);
        Assert.Equal("alice", own["owner"]!.GetValue<string>());
        Assert.Equal("Succeeded", own["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ApproveAndReject_WaitingSteps_DecideTheGoals()
    {
        await using var client = await McpTestClients.HttpAsync(Host, PaiProcess.ApiKey);
        var approved = (await client.CallOkAsync("submit_goal", McpPlans.NeedsApproval("approve over MCP")))["id"]!.GetValue<string>();
        var rejected = (await client.CallOkAsync("submit_goal", McpPlans.NeedsApproval("reject over MCP")))["id"]!.GetValue<string>();
        await WaitForStatusAsync(client, approved, "WaitingForApproval");
        await WaitForStatusAsync(client, rejected, "WaitingForApproval");

        var decision = await client.CallOkAsync("approve_step", new { id = approved, stepId = "gate" });
        await client.CallOkAsync("reject_step", new { id = rejected, stepId = "gate" });
        var again = await client.CallAsync("approve_step", new { id = approved, stepId = "gate" });
        var approvedGoal = await client.CallOkAsync("watch_goal", new { id = approved });
        var rejectedGoal = await client.CallOkAsync("watch_goal", new { id = rejected });

        Assert.Equal("approved", decision["decision"]!.GetValue<string>());
        Assert.True(again.IsError);
        Assert.Equal(409, again.Content["status"]!.GetValue<int>());
        Assert.Equal("Succeeded", approvedGoal["status"]!.GetValue<string>());
        Assert.Equal("Failed", rejectedGoal["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Calls_AreAuditedUnderTheKeysPrincipal()
    {
        await using var alice = await McpTestClients.HttpAsync(Host, McpTestKeys.User);
        var submitted = await alice.CallOkAsync("submit_goal", McpPlans.EchoThenWait("audited over MCP"));
        var id = submitted["id"]!.GetValue<string>();
        await alice.CallOkAsync("get_goal", new { id });
        await alice.CallAsync("get_goal", new { id = "g_does_not_exist" });

        var audit = await Host.Client.GetFromJsonAsync<JsonObject>("/api/audit?principal=alice&kind=mcp.tool&limit=500");

        var entries = audit!["items"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.Contains(entries, e => e["tool"]!.GetValue<string>() == "submit_goal" && e["goalId"]?.GetValue<string>() == id && e["outcome"]!.GetValue<string>() == "ok");
        Assert.Contains(entries, e => e["tool"]!.GetValue<string>() == "get_goal" && e["goalId"]?.GetValue<string>() == id && e["outcome"]!.GetValue<string>() == "ok");
        Assert.Contains(entries, e => e["tool"]!.GetValue<string>() == "get_goal" && e["outcome"]!.GetValue<string>() == "failed");
        Assert.All(entries, e => Assert.Equal("alice", e["principal"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Resources_GoalsAndSkills_ReadAsTheHttpApiAnswersThem()
    {
        await using var client = await McpTestClients.HttpAsync(Host, PaiProcess.ApiKey);
        var id = (await client.CallOkAsync("submit_goal", McpPlans.EchoThenWait("resource").With("wait", true)))["id"]!.GetValue<string>();

        var listed = await client.ListResourcesAsync();
        var templates = await client.ListResourceTemplatesAsync();
        var goal = JsonNode.Parse(Text(await client.ReadResourceAsync($"pai://goals/{id}")))!;
        var skills = JsonNode.Parse(Text(await client.ReadResourceAsync("pai://skills")))!.AsArray();
        var missing = await Assert.ThrowsAsync<McpProtocolException>(() => client.ReadResourceAsync("pai://skills/no-such-skill").AsTask());
        var http = await Host.Client.GetGoalAsync(id);

        Assert.Contains(listed, r => r.Uri == "pai://goals");
        Assert.Contains(templates, t => t.UriTemplate == "pai://goals/{id}");
        Assert.Equal(http.ToJsonString(), goal.ToJsonString());
        Assert.Contains(skills, s => s!["name"]!.GetValue<string>() == "write-note");
        Assert.Equal(McpErrorCode.ResourceNotFound, missing.ErrorCode);
    }

    [Fact]
    public async Task Stdio_PaiMcpBridge_CSharpClientSubmitsAndWatchesToTheEnd()
    {
        await using var client = await McpTestClients.StdioAsync(Host, PaiProcess.ApiKey);

        var tools = await client.ListToolsAsync();
        await using var progress = ProgressLog.Attach(client);
        var final = await client.CallOkAsync("submit_goal", McpPlans.EchoThenWait("over stdio").With("wait", true), progress);

        Assert.Contains(tools, t => t.Name == "watch_goal");
        Assert.Equal("Succeeded", final["status"]!.GetValue<string>());
        Assert.Contains("goal Succeeded", (await progress.WaitForAsync("goal Succeeded"))[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stdio_WrongKey_ClientGetsAReadableErrorWithoutTheKey()
    {
        const string wrong = "pai_wrong_key_for_stdio_0123456789";
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => McpTestClients.StdioAsync(Host, wrong));

        Assert.Contains("refused the API key (401)", failure.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, failure.ToString(), StringComparison.Ordinal);
    }

    private static HttpRequestMessage Initialize() => new(HttpMethod.Post, "/mcp")
    {
        Content = new StringContent(
            """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""",
            Encoding.UTF8,
            "application/json"),
        Headers = { Accept = { new MediaTypeWithQualityHeaderValue("application/json"), new MediaTypeWithQualityHeaderValue("text/event-stream") } },
    };

    private static async Task WaitForStatusAsync(McpClient client, string id, string status)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if ((await client.CallOkAsync("get_goal", new { id }))["status"]!.GetValue<string>() == status)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"goal {id} never reached {status}");
    }

    private static string Text(ModelContextProtocol.Protocol.ReadResourceResult result) =>
        Assert.IsType<ModelContextProtocol.Protocol.TextResourceContents>(Assert.Single(result.Contents)).Text;
}
