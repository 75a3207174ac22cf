using PAI.Host.Tests.Infrastructure;
using PAI.Mcp.Tests.Infrastructure;

namespace PAI.Mcp.Tests.Server;

/// <summary><c>remember</c> and <c>recall</c> over MCP: the HTTP memory handlers, confined to the calling key's principal.</summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class MemoryToolsTests(McpHostFixture fixture) : IClassFixture<McpHostFixture>
{
    [Fact]
    public async Task RememberThenRecall_SameKey_FindsTheMemory_AnotherPrincipalDoesNot()
    {
        await using var alice = await McpTestClients.HttpAsync(fixture.Host, McpTestKeys.User);
        await using var admin = await McpTestClients.HttpAsync(fixture.Host, PaiProcess.ApiKey);

        var stored = await alice.CallOkAsync("remember", new { items = new[] { new { text = "The heron nests by the old mill pond every spring." } }, idempotencyKey = "heron-1" });
        var again = await alice.CallOkAsync("remember", new { items = new[] { new { text = "The heron nests by the old mill pond every spring." } }, idempotencyKey = "heron-1" });
        var found = await alice.CallOkAsync("recall", new { query = "where does the heron nest", k = 3, mode = "keyword" });
        var othersFind = await admin.CallOkAsync("recall", new { query = "heron", k = 3, mode = "keyword" });

        var id = Assert.Single(stored["ids"]!.AsArray())!.GetValue<string>();
        Assert.Equal(id, Assert.Single(again["ids"]!.AsArray())!.GetValue<string>());
        Assert.Contains(found["items"]!.AsArray(), h => h!["id"]!.GetValue<string>() == id);
        Assert.DoesNotContain(othersFind["items"]!.AsArray(), h => h!["id"]!.GetValue<string>() == id);
    }

    [Fact]
    public async Task Remember_UnknownFieldOrReadOnlyKey_IsAToolErrorLikeHttp()
    {
        await using var alice = await McpTestClients.HttpAsync(fixture.Host, McpTestKeys.User);
        await using var reader = await McpTestClients.HttpAsync(fixture.Host, McpTestKeys.ReadOnly);

        var (badIsError, bad) = await alice.CallAsync("remember", new { items = new[] { new { text = "x" } }, colour = "blue" });
        var (readOnlyIsError, readOnly) = await reader.CallAsync("remember", new { items = new[] { new { text = "x" } } });

        Assert.True(badIsError);
        Assert.Equal(422, bad["status"]!.GetValue<int>());
        Assert.Contains("colour", bad.ToJsonString(), StringComparison.Ordinal);
        Assert.True(readOnlyIsError);
        Assert.Equal(403, readOnly["status"]!.GetValue<int>());
    }
}
