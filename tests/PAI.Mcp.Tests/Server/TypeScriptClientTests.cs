using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;
using PAI.Mcp.Tests.Infrastructure;

namespace PAI.Mcp.Tests.Server;

/// <summary>
/// PAI's MCP server used by an MCP client nobody here wrote: the TypeScript SDK (@modelcontextprotocol/sdk, pinned in
/// tests/node/package.json), over streamable HTTP and over stdio through <c>pai mcp</c>. It lists PAI's tools,
/// submits a goal, watches it finish with progress notifications and reads the goal as a resource.
/// </summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class TypeScriptClientTests(McpHostFixture fixture) : IClassFixture<McpHostFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [NodeFact]
    public async Task TypeScriptClient_OverHttp_ListsToolsSubmitsAndWatchesTheGoalFinish()
    {
        var run = await NodePackages.RunAsync("pai-client.mjs", Patience, "http", fixture.Host.Client.BaseAddress!.ToString(), PaiProcess.ApiKey);

        AssertScenario(run, "http");
    }

    [NodeFact]
    public async Task TypeScriptClient_OverStdioBridge_ListsToolsSubmitsAndWatchesTheGoalFinish()
    {
        var run = await NodePackages.RunAsync("pai-client.mjs", Patience, "stdio", McpTestClients.CliDll, fixture.Host.Client.BaseAddress!.ToString(), PaiProcess.ApiKey);

        AssertScenario(run, "stdio");
    }

    [NodeFact]
    public async Task TypeScriptClient_KnowledgeTools_AssertQueryWriteAndReadOnlyForItsOwnPrincipal()
    {
        var run = await NodePackages.RunAsync("pai-knowledge-client.mjs", Patience, fixture.Host.Client.BaseAddress!.ToString(), McpTestKeys.User, PaiProcess.ApiKey);

        Assert.True(run.Code == 0, $"node exited {run.Code}:\n{run.Output}\n{run.Error}");
        var answer = JsonNode.Parse(run.Output.Trim().Split('\n')[^1])!;
        var tools = answer["tools"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        Assert.Superset(new HashSet<string> { "assert_fact", "query_graph", "graph_changes", "write_note", "read_note", "search_notes", "delete_note" }, tools.ToHashSet());
        var id = Assert.Single(answer["asserted"]!["ids"]!.AsArray())!.GetValue<string>();
        Assert.Contains(answer["entity"]!["facts"]!.AsArray(), f => f!["id"]!.GetValue<string>() == id && f["object"]!.GetValue<string>() == "Granite Point");
        var markdown = answer["markdown"]!.GetValue<string>();
        Assert.Equal("logs/lighthouse.md", answer["written"]!["path"]!.GetValue<string>());
        Assert.Equal(markdown, answer["read"]!["markdown"]!.GetValue<string>());
        Assert.Equal(markdown, answer["resource"]!["text"]!.GetValue<string>());
        Assert.Equal("text/markdown", answer["resource"]!["mimeType"]!.GetValue<string>());
        Assert.True(answer["others"]!["entity"]!["isError"]!.GetValue<bool>());
        Assert.Equal(404, answer["others"]!["entity"]!["status"]!.GetValue<int>());
        Assert.True(answer["others"]!["note"]!["isError"]!.GetValue<bool>());
        Assert.Equal(404, answer["others"]!["note"]!["status"]!.GetValue<int>());
    }

    private void AssertScenario((int Code, string Output, string Error) run, string mode)
    {
        Assert.True(run.Code == 0, $"node exited {run.Code}:\n{run.Output}\n{run.Error}");
        Assert.DoesNotContain(PaiProcess.ApiKey, run.Output + run.Error, StringComparison.Ordinal);
        var answer = JsonNode.Parse(run.Output.Trim().Split('\n')[^1])!;
        var tools = answer["tools"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        Assert.Contains("submit_goal", tools);
        Assert.Contains("watch_goal", tools);
        var id = answer["submitted"]!["id"]!.GetValue<string>();
        Assert.Equal(id, answer["final"]!["id"]!.GetValue<string>());
        Assert.Equal("Succeeded", answer["final"]!["status"]!.GetValue<string>());
        Assert.Equal($"typescript client ({mode})", answer["final"]!["title"]!.GetValue<string>());
        Assert.Equal("hello from TypeScript", answer["final"]!["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "greet")!["output"]!["text"]!.GetValue<string>());
        var progress = answer["progress"]!.AsArray();
        Assert.NotEmpty(progress);
        Assert.Contains("goal Succeeded", progress[^1]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Succeeded", answer["resource"]!["status"]!.GetValue<string>());
    }
}
