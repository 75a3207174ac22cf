using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Tools;
using PAI.Engine.Tools;

namespace PAI.Engine.Tests.Tools;

/// <summary>The registry asks dynamic sources (MCP servers' tools) on every lookup: tools appear and go as they change.</summary>
public sealed class ToolRegistryDynamicSourceTests
{
    [Fact]
    public void TryGetAndAll_SourceChangesAfterStart_SeeTheToolsAsTheyAreNow()
    {
        var source = new ChangingSource();
        var registry = new ToolRegistry([new EchoTool()], [], [source], Options.Create(new ToolsOptions()));

        Assert.False(registry.TryGet("mcp.s.t", out _));
        source.Tools.Add(new NamedTool("mcp.s.t"));

        Assert.True(registry.TryGet("mcp.s.t", out var found));
        Assert.Equal("mcp.s.t", found.Descriptor.Name);
        Assert.Equal(["echo", "mcp.s.t"], registry.All.Select(t => t.Descriptor.Name));

        source.Tools.Clear();
        Assert.False(registry.TryGet("mcp.s.t", out _));
        Assert.Equal(["echo"], registry.All.Select(t => t.Descriptor.Name));
    }

    [Fact]
    public void TryGet_FixedToolOfTheSameName_Wins()
    {
        var source = new ChangingSource { Tools = { new NamedTool("echo") } };
        var registry = new ToolRegistry([new EchoTool()], [], [source], Options.Create(new ToolsOptions()));

        Assert.True(registry.TryGet("echo", out var echo));
        Assert.IsType<EchoTool>(echo);
        Assert.Single(registry.All, t => t.Descriptor.Name == "echo");
    }

    [Fact]
    public void TryGetAndAll_OverrideForADynamicTool_IsApplied()
    {
        var source = new ChangingSource { Tools = { new NamedTool("mcp.s.t") } };
        var options = new ToolsOptions { Overrides = { ["mcp.s.t"] = new ToolOverride { Approval = true, MaxOutputBytes = 10 } } };
        var registry = new ToolRegistry([], [], [source], Options.Create(options));

        Assert.True(registry.TryGet("mcp.s.t", out var tool));
        Assert.True(tool.Descriptor.Approval);
        Assert.Equal(10, tool.Descriptor.MaxOutputBytes);
        Assert.True(Assert.Single(registry.All).Descriptor.Approval);
    }

    private sealed class ChangingSource : IDynamicToolSource
    {
        public List<ITool> Tools { get; } = [];

        IEnumerable<ITool> IDynamicToolSource.Tools => Tools;

        public bool TryGet(string name, [MaybeNullWhen(false)] out ITool tool)
        {
            tool = Tools.FirstOrDefault(t => t.Descriptor.Name == name);
            return tool is not null;
        }
    }

    private sealed class NamedTool(string name) : ITool
    {
        public ToolDescriptor Descriptor { get; } = new(name, "d", """{ "type": "object" }""", "none", null);

        public IReadOnlyList<string> Validate(JsonObject input) => [];

        public Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken) => Task.FromResult<JsonNode?>(context.Input);
    }
}
