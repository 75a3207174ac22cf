using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Tools;
using PAI.Engine.Tools;

namespace PAI.Engine.Tests.Tools;

public sealed class ProcessRunToolTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();
    private readonly ProcessRunTool _tool = new(Options.Create(new ToolsOptions { AllowedExecutables = ["echo", "sh", "/bin/cat"], ProcessMaxOutputBytes = 10 }));

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task Invoke_AllowListedExecutable_RunsWithoutShellInWorkspace()
    {
        var output = await _tool.InvokeAsync(Context(new JsonObject { ["executable"] = "echo", ["args"] = new JsonArray("$HOME", ";", "ls") }), default);
        Assert.Equal(0, output!["exitCode"]!.GetValue<int>());
        Assert.Equal("$HOME ; ls", output["stdout"]!.GetValue<string>());
        Assert.True(output["truncated"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Invoke_NotAllowListed_IsRefused()
    {
        var ex = await Assert.ThrowsAsync<ToolException>(() => _tool.InvokeAsync(Context(new JsonObject { ["executable"] = "rm", ["args"] = new JsonArray("-rf", "x") }), default));
        Assert.Contains("not on process.run's allow-list", ex.Message, StringComparison.Ordinal);
        Assert.NotEmpty(_tool.Validate(new JsonObject { ["executable"] = "/usr/bin/rm" }));
    }

    [Fact]
    public async Task Invoke_Timeout_KillsTheProcessTree()
    {
        var marker = Path.Combine(_workspace.Workspace, "child.pid");
        var ex = await Assert.ThrowsAsync<ToolException>(() => _tool.InvokeAsync(Context(new JsonObject
        {
            ["executable"] = "sh",
            ["args"] = new JsonArray("-c", "sleep 30 & echo $! > child.pid; wait"),
            ["timeoutSeconds"] = 1,
        }), default));

        // "was killed" is only said when the timeout fired (a natural end after 30 s would say otherwise).
        Assert.Contains("was killed", ex.Message, StringComparison.Ordinal);
        var pid = int.Parse((await File.ReadAllTextAsync(marker)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await Task.Delay(200);
        Assert.False(Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z", StringComparison.Ordinal), "the child outlived the timeout");
    }

    private ToolContext Context(JsonObject input) =>
        new("g", "s", 1, "g/s", input, _workspace.Workspace, "p", new InMemoryCheckpoint());
}
