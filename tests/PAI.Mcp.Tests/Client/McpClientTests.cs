using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;
using PAI.Mcp.Tests.Infrastructure;

namespace PAI.Mcp.Tests.Client;

/// <summary>
/// PAI as an MCP client of servers nobody here wrote (@modelcontextprotocol/server-everything and server-filesystem,
/// pinned in tests/node, started by the host over stdio): their tools in the registry with their schemas, called from
/// plan steps through the tool invoker (allow-list, approval, audit).
/// </summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class McpClientTests(McpClientHostFixture fixture) : IClassFixture<McpClientHostFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private HttpClient Client => fixture.Host.Client;

    [NodeFact]
    public async Task ToolsApi_StdioServers_ListTheirToolsUnderMcpNamesWithTheirInputSchemas()
    {
        var tools = await ListToolsAsync();

        var echo = tools["mcp.everything.echo"];
        Assert.Equal("string", echo["inputSchema"]!["properties"]!["message"]!["type"]!.GetValue<string>());
        Assert.Equal("mcp.everything", echo["permission"]!.GetValue<string>());
        Assert.True(tools.ContainsKey("mcp.fs.write_file"));
        Assert.True(tools.ContainsKey("mcp.fs.read_text_file"));
        Assert.True(tools["mcp.everything.get-sum"]["approval"]!.GetValue<bool>());
        Assert.False(echo["approval"]!.GetValue<bool>());
    }

    [NodeFact]
    public async Task Step_CallingEverythingEcho_SucceedsWithTheServersAnswerAndIsAudited()
    {
        var id = await Client.SubmitAsync(AsAgent(GoalClient.Goal("echo over MCP", GoalClient.Step("say", "mcp.everything.echo", new { message = "hello from PAI" }))));

        var goal = await Client.WaitFinishedAsync(id, Patience);

        Assert.True(goal["status"]!.GetValue<string>() == "Succeeded", goal.ToJsonString());
        var output = goal["steps"]![0]!["output"]!;
        Assert.Equal("Echo: hello from PAI", output["text"]!.GetValue<string>());
        Assert.Equal("text", output["content"]![0]!["type"]!.GetValue<string>());
        var audit = await Client.GetFromJsonAsync<JsonObject>($"/api/audit?goal={id}&kind=tool.call&limit=500");
        var entry = Assert.Single(audit!["items"]!.AsArray(), e => e!["tool"]!.GetValue<string>() == "mcp.everything.echo");
        Assert.Equal("ok", entry!["outcome"]!.GetValue<string>());
        Assert.Equal(McpServersUnderTest.Agent, entry["agent"]!.GetValue<string>());
    }

    [NodeFact]
    public async Task Skill_PhaseCallingAnMcpTool_RunsItLikeABuiltInTool()
    {
        var id = await Client.SubmitAsync(new JsonObject { ["title"] = "skill over MCP", ["skill"] = "mcp-echo", ["inputs"] = new JsonObject { ["message"] = "from a skill" } });

        var goal = await Client.WaitFinishedAsync(id, Patience);

        Assert.True(goal["status"]!.GetValue<string>() == "Succeeded", goal.ToJsonString());
        Assert.Equal("Echo: from a skill", goal["steps"]![0]!["output"]!["text"]!.GetValue<string>());
        var audit = await Client.GetFromJsonAsync<JsonObject>($"/api/audit?goal={id}&kind=tool.call&limit=500");
        Assert.Contains(audit!["items"]!.AsArray(), e => e!["tool"]!.GetValue<string>() == "mcp.everything.echo" && e["outcome"]!.GetValue<string>() == "ok");
    }

    [NodeFact]
    public async Task Steps_FilesystemServer_WriteAFileThenReadItBack()
    {
        var path = Path.Combine(fixture.FilesFolder, "note.txt");
        var id = await Client.SubmitAsync(AsAgent(GoalClient.Goal(
            "files over MCP",
            GoalClient.Step("write", "mcp.fs.write_file", new { path, content = "written through MCP" }),
            GoalClient.Step("read", "mcp.fs.read_text_file", new { path }, "write"))));

        var goal = await Client.WaitFinishedAsync(id, Patience);

        Assert.True(goal["status"]!.GetValue<string>() == "Succeeded", goal.ToJsonString());
        Assert.Equal("written through MCP", await File.ReadAllTextAsync(path));
        var read = goal["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "read")!;
        Assert.Equal("written through MCP", read["output"]!["structuredContent"]!["content"]!.GetValue<string>());
    }

    [NodeFact]
    public async Task Step_ServerAnswersAnError_FailsWithTheServersMessage()
    {
        var outside = Path.Combine(Path.GetTempPath(), "pai-tests", "not-allowed-" + Guid.NewGuid().ToString("N") + ".txt");
        var id = await Client.SubmitAsync(AsAgent(GoalClient.Goal("denied", GoalClient.Step("read", "mcp.fs.read_text_file", new { path = outside }))));

        var goal = await Client.WaitFinishedAsync(id, Patience);

        Assert.Equal("Failed", goal["status"]!.GetValue<string>());
        Assert.StartsWith("MCP tool 'mcp.fs.read_text_file' answered an error: ", goal["steps"]![0]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [NodeFact]
    public async Task Step_AgentWhoseAllowListLacksTheTool_IsRefusedAndTheServerNotCalled()
    {
        // The default agent's allow-list names built-in tools only.
        var id = await Client.SubmitAsync(GoalClient.Goal("not allowed", GoalClient.Step("say", "mcp.everything.echo", new { message = "x" })));

        var goal = await Client.WaitFinishedAsync(id, Patience);

        Assert.Equal("Failed", goal["status"]!.GetValue<string>());
        Assert.Contains("allow-list", goal["steps"]![0]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        var audit = await Client.GetFromJsonAsync<JsonObject>($"/api/audit?goal={id}&limit=500");
        Assert.DoesNotContain(audit!["items"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "tool.call");
    }

    [NodeFact]
    public async Task Step_ToolMarkedForApproval_WaitsForAPersonThenCallsTheServer()
    {
        var id = await Client.SubmitAsync(AsAgent(GoalClient.Goal("sum after approval", GoalClient.Step("sum", "mcp.everything.get-sum", new { a = 2, b = 3 }))));
        await WaitForStatusAsync(id, "WaitingForApproval");

        using var approve = await Client.PostAsync($"/api/goals/{id}/steps/sum/approve", null);
        Assert.True(approve.IsSuccessStatusCode, await approve.Content.ReadAsStringAsync());
        var goal = await Client.WaitFinishedAsync(id, Patience);

        Assert.True(goal["status"]!.GetValue<string>() == "Succeeded", goal.ToJsonString());
        Assert.Contains("5", goal["steps"]![0]!["output"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [NodeFact]
    public async Task StdioServer_Environment_HasWhatTheDeclarationAddsButNotTheHostsSecrets()
    {
        var id = await Client.SubmitAsync(AsAgent(GoalClient.Goal("environment", GoalClient.Step("env", "mcp.everything.get-env"))));

        var goal = await Client.WaitFinishedAsync(id, Patience);

        Assert.True(goal["status"]!.GetValue<string>() == "Succeeded", goal.ToJsonString());
        var text = goal["steps"]![0]!["output"]!["text"]!.GetValue<string>();
        Assert.Contains("declared-value", text, StringComparison.Ordinal);
        Assert.Contains("PATH", text, StringComparison.Ordinal);
        Assert.DoesNotContain(PaiProcess.ApiKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain("PAI_API_KEY", text, StringComparison.Ordinal);
    }

    [NodeFact]
    public async Task Plan_NamingAToolTheServerDoesNotHave_IsRefusedAt422()
    {
        using var response = await Client.PostGoalAsync(AsAgent(GoalClient.Goal("typo", GoalClient.Step("x", "mcp.everything.no-such-tool"))));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("mcp.everything.no-such-tool", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<Dictionary<string, JsonObject>> ListToolsAsync()
    {
        var page = await Client.GetFromJsonAsync<JsonObject>("/api/tools?limit=500");
        return page!["items"]!.AsArray().Select(t => t!.AsObject()).ToDictionary(t => t["name"]!.GetValue<string>());
    }

    private async Task WaitForStatusAsync(string id, string status)
    {
        var deadline = DateTime.UtcNow + Patience;
        while ((await Client.GetGoalAsync(id))["status"]!.GetValue<string>() != status)
        {
            Assert.True(DateTime.UtcNow < deadline, $"goal {id} never reached {status}");
            await Task.Delay(100);
        }
    }

    private static JsonNode AsAgent(JsonNode goal)
    {
        goal["agent"] = McpServersUnderTest.Agent;
        return goal;
    }
}
