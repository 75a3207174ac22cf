using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PAI.Abstractions.Tools;
using PAI.Engine.Hosting;
using PAI.Engine.Tools;

namespace PAI.Engine.Tests.Tools;

public sealed class BuiltInToolsTests
{
    private static readonly string[] BuiltInNames = ["echo", "file.append", "file.list", "file.read", "file.write", "http.request", "markdown.render", "process.run", "wait"];

    [Fact]
    public void AddBuiltInTools_CalledTwice_RegistersEachToolOnce()
    {
        var services = new ServiceCollection();
        services.AddBuiltInTools();
        services.AddBuiltInTools();

        using var provider = services.BuildServiceProvider();

        Assert.Equal(BuiltInNames, provider.GetRequiredService<IToolRegistry>().All.Select(t => t.Descriptor.Name));
        Assert.Equal(BuiltInNames.Length, provider.GetServices<ITool>().Count());
    }

    [Fact]
    public void AddBuiltInTools_TimeProviderAlreadyRegistered_KeepsIt()
    {
        var fake = new FakeTimeProvider();
        var services = new ServiceCollection().AddSingleton<TimeProvider>(fake);

        services.AddBuiltInTools();

        using var provider = services.BuildServiceProvider();
        Assert.Same(fake, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void Descriptors_AllTools_HaveObjectJsonSchemas()
    {
        using var provider = new ServiceCollection().AddBuiltInTools().BuildServiceProvider();

        foreach (var tool in provider.GetRequiredService<IToolRegistry>().All)
        {
            using var schema = JsonDocument.Parse(tool.Descriptor.InputSchema);
            Assert.Equal("object", schema.RootElement.GetProperty("type").GetString());
            Assert.False(string.IsNullOrWhiteSpace(tool.Descriptor.Description));
            Assert.False(string.IsNullOrWhiteSpace(tool.Descriptor.Permission));
        }
    }

    [Fact]
    public void TryGet_UnknownName_ReturnsFalse()
    {
        var registry = new ToolRegistry([new EchoTool()]);

        Assert.False(registry.TryGet("nope", out _));
        Assert.True(registry.TryGet("echo", out var echo));
        Assert.IsType<EchoTool>(echo);
    }

    [Fact]
    public void Constructor_TwoDifferentToolsWithOneName_Throws() =>
        Assert.Throws<InvalidOperationException>(() => new ToolRegistry([new EchoTool(), new FakeEcho()]));

    [Fact]
    public async Task EchoInvokeAsync_AnyInput_ReturnsEqualCopy()
    {
        var input = new JsonObject { ["a"] = 1, ["b"] = new JsonArray("x", null) };

        var output = await new EchoTool().InvokeAsync(Contexts.For("/tmp", input), default);

        Assert.True(JsonNode.DeepEquals(input, output));
        Assert.NotSame(input, output);
    }

    private sealed class FakeEcho : ITool
    {
        public ToolDescriptor Descriptor { get; } = new("echo", "d", "{}", "none", null);

        public IReadOnlyList<string> Validate(JsonObject input) => [];

        public Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken) => Task.FromResult<JsonNode?>(null);
    }
}
