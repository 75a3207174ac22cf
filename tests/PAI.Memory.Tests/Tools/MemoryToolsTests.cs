using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PAI.Abstractions.Tools;
using PAI.Memory.Tests.Testing;
using PAI.Memory.Tools;

namespace PAI.Memory.Tests.Tools;

/// <summary>The memory.* tools as the engine calls them: through the tool registry's <see cref="ITool"/>s, scoped to the goal's principal.</summary>
[Collection(MemoryClusterCollection.Name)]
public sealed class MemoryToolsTests(MemoryClusterFixture cluster)
{
    private readonly string _principal = "p_" + Guid.NewGuid().ToString("N")[..8];

    private ITool Tool(string name) => cluster.Services.GetServices<ITool>().Single(t => t.Descriptor.Name == name);

    [Fact]
    public async Task Remember_ReRunOfTheSameStep_StoresOnceAndAnswersTheSameIds()
    {
        var input = new JsonObject { ["items"] = new JsonArray(new JsonObject { ["text"] = "the 3D printer needs PLA at 210 degrees" }, new JsonObject { ["text"] = "the printer bed is 60 degrees", ["metadata"] = new JsonObject { ["kind"] = "setting" } }), ["project"] = "printer" };

        var first = await Tool(RememberTool.Name).InvokeAsync(Context(input, "g1", "s1"), CancellationToken.None);
        var rerun = await Tool(RememberTool.Name).InvokeAsync(Context(input, "g1", "s1"), CancellationToken.None);

        Assert.Equal(first!.ToJsonString(), rerun!.ToJsonString());
        Assert.Equal(2, first["ids"]!.AsArray().Count);
        var recalled = await Tool(RecallTool.Name).InvokeAsync(Context(new JsonObject { ["query"] = "printer temperature", ["project"] = "printer", ["k"] = 10 }, "g2", "s1"), CancellationToken.None);
        Assert.Equal(2, recalled!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Recall_AnotherPrincipalsGoal_SeesNothing()
    {
        await Tool(RememberTool.Name).InvokeAsync(Context(new JsonObject { ["text"] = "the safe code is 4711" }, "g1", "s1"), CancellationToken.None);

        var stranger = Context(new JsonObject { ["query"] = "safe code" }, "g9", "s1") with { Principal = "p_other_" + _principal };
        var recalled = await Tool(RecallTool.Name).InvokeAsync(stranger, CancellationToken.None);

        Assert.Empty(recalled!["items"]!.AsArray());
    }

    [Fact]
    public async Task Recall_Items_HaveTheApiShapeAndTheGoalsMemoryRanksFirst()
    {
        await Tool(RememberTool.Name).InvokeAsync(Context(new JsonObject { ["text"] = "deploy with the blue pipeline", ["metadata"] = new JsonObject { ["env"] = "prod" } }, "g_other", "s1"), CancellationToken.None);
        await Tool(RememberTool.Name).InvokeAsync(Context(new JsonObject { ["text"] = "deploy with the blue pipeline", ["metadata"] = new JsonObject { ["env"] = "prod" } }, "g_mine", "s1"), CancellationToken.None);

        var recalled = await Tool(RecallTool.Name).InvokeAsync(Context(new JsonObject { ["query"] = "how do we deploy", ["filter"] = new JsonObject { ["metadata"] = new JsonObject { ["env"] = "prod" } } }, "g_mine", "s2"), CancellationToken.None);

        var items = recalled!["items"]!.AsArray();
        Assert.Equal(2, items.Count);
        Assert.Equal(["id", "text", "score", "metadata", "occurredAt"], items[0]!.AsObject().Select(p => p.Key));
        Assert.Equal("prod", items[0]!["metadata"]!["env"]!.GetValue<string>());
        var remembered = await cluster.Store.GetAsync(_principal, [items[0]!["id"]!.GetValue<string>()]);
        Assert.Equal("g_mine", remembered[0].Record.Scope.Goal);
    }

    [Fact]
    public async Task Tools_BadInput_IsAToolErrorNamingTheField()
    {
        Assert.Contains("input 'colour' is not a field", string.Join(";", Tool(RememberTool.Name).Validate(new JsonObject { ["text"] = "x", ["colour"] = "red" })), StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<ToolException>(() => Tool(RecallTool.Name).InvokeAsync(Context(new JsonObject { ["query"] = "x", ["mode"] = "fuzzy" }, "g1", "s1"), CancellationToken.None));
        Assert.Contains("mode", error.Message, StringComparison.Ordinal);
        Assert.False(error.Retryable);
    }

    private ToolContext Context(JsonObject input, string goal, string step) =>
        new(goal, step, 1, $"{goal}/{step}", input, Path.GetTempPath(), _principal, new NoCheckpoint());

    private sealed class NoCheckpoint : IStepCheckpoint
    {
        public string? Get(string key) => null;

        public Task SetAsync(string key, string value, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
