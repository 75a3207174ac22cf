using System.Diagnostics;
using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;
using PAI.Mcp.Tests.Infrastructure;
using PAI.Testing;

namespace PAI.Mcp.Tests.Client;

/// <summary>
/// MCP servers that go away: a stdio server killed, an HTTP server restarted, and the host itself killed (kill -9)
/// during calls, which are not repeated blindly ("unknown outcome") unless the tool is declared idempotent.
/// </summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class McpClientReconnectTests
{
    private const string Connected = "MCP server {0} connected";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [NodeFact]
    public async Task StdioServer_KilledBetweenCalls_IsStartedAgainAndItsToolsWork()
    {
        var marker = "pai-mcp-test-" + Guid.NewGuid().ToString("N");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        McpServersUnderTest.DeclareStdio(environment, "everything", McpServersUnderTest.Everything, "stdio", marker);
        await using var host = await PaiProcess.StartNewAsync(environment, McpServersUnderTest.WriteAgentAsync);
        await McpServersUnderTest.WaitForOutputAsync(host, string.Format(null, Connected, "everything"));
        await EchoAsync(host, "before");

        var first = Assert.Single(McpServersUnderTest.ProcessesWith(marker));
        Process.GetProcessById(first).Kill();
        await McpServersUnderTest.WaitForOutputAsync(host, string.Format(null, Connected, "everything"), times: 2);

        await EchoAsync(host, "after");
        Assert.NotEqual(first, Assert.Single(McpServersUnderTest.ProcessesWith(marker)));
    }

    [NodeFact]
    public async Task HttpServer_RestartedOnItsPort_IsReconnectedAndItsToolsWork()
    {
        var port = ProcessReadiness.FreePort();
        var server = await McpServersUnderTest.StartEverythingOverHttpAsync(port);
        try
        {
            var environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["Pai__Mcp__Servers__web__Url"] = $"http://127.0.0.1:{port}/mcp",
                ["Pai__Mcp__Servers__web__Headers__X-Test"] = "header value",
            };
            await using var host = await PaiProcess.StartNewAsync(environment, McpServersUnderTest.WriteAgentAsync);
            await McpServersUnderTest.WaitForOutputAsync(host, string.Format(null, Connected, "web"));
            await EchoAsync(host, "before", server: "web");

            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            server.Dispose();
            server = await McpServersUnderTest.StartEverythingOverHttpAsync(port);

            // The first call may find the old session gone (the new server refuses it before running anything): that
            // attempt fails, the connection is renewed, and the retry gets through, although echo is not declared
            // idempotent: a call refused at the session's level ran nothing, so calling again repeats nothing.
            await EchoAsync(host, "after", server: "web", retries: 5);
            Assert.True(McpServersUnderTest.Count(host.Output, string.Format(null, Connected, "web")) >= 2, host.Output);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            server.Dispose();
        }
    }

    [NodeFact]
    public async Task HostKilledDuringCalls_NonIdempotentFailsAsUnknownOutcome_IdempotentIsCalledAgain()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Logging__LogLevel__PAI.Mcp.Client"] = "Debug",
        };
        McpServersUnderTest.DeclareStdio(environment, "slow", McpServersUnderTest.Everything, "stdio");
        McpServersUnderTest.DeclareStdio(environment, "again", McpServersUnderTest.Everything, "stdio");
        environment["Pai__Mcp__Servers__again__IdempotentTools__0"] = "trigger-long-running-operation";
        await using var host = await PaiProcess.StartNewAsync(environment, McpServersUnderTest.WriteAgentAsync);
        var operation = new { duration = 20, steps = 2 };
        var once = await host.Client.SubmitAsync(AsAgent(GoalClient.Goal("not idempotent", GoalClient.Step("op", "mcp.slow.trigger-long-running-operation", operation))));
        var twice = await host.Client.SubmitAsync(AsAgent(GoalClient.Goal("idempotent", GoalClient.Step("op", "mcp.again.trigger-long-running-operation", operation))));

        // Both calls are out (their "sent" marks stored) when the host dies.
        await McpServersUnderTest.WaitForOutputAsync(host, "MCP server slow: call of trigger-long-running-operation sent");
        await McpServersUnderTest.WaitForOutputAsync(host, "MCP server again: call of trigger-long-running-operation sent");
        await host.KillAsync();
        await host.StartAsync(environment);

        var failed = await host.Client.WaitFinishedAsync(once, Patience);
        Assert.Equal("Failed", failed["status"]!.GetValue<string>());
        Assert.StartsWith("unknown outcome: ", failed["steps"]![0]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        var succeeded = await host.Client.WaitFinishedAsync(twice, Patience);
        Assert.True(succeeded["status"]!.GetValue<string>() == "Succeeded", succeeded.ToJsonString());
        Assert.Contains("Long running operation completed", succeeded["steps"]![0]!["output"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task EchoAsync(PaiProcess host, string message, string server = "everything", int retries = 1)
    {
        var step = GoalClient.Step("say", $"mcp.{server}.echo", new { message });
        if (retries > 1)
        {
            step["retry"] = new JsonObject { ["maxAttempts"] = retries, ["backoff"] = "00:00:01" };
        }

        var id = await host.Client.SubmitAsync(AsAgent(GoalClient.Goal("echo " + message, step)));
        var goal = await host.Client.WaitFinishedAsync(id, Patience);
        Assert.True(goal["status"]!.GetValue<string>() == "Succeeded", goal.ToJsonString() + "\n" + host.Output);
        Assert.Equal("Echo: " + message, goal["steps"]![0]!["output"]!["text"]!.GetValue<string>());
    }

    private static JsonNode AsAgent(JsonNode goal)
    {
        goal["agent"] = McpServersUnderTest.Agent;
        return goal;
    }
}
