using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;
using PAI.Engine.Tools;

namespace PAI.Engine.Tests.Tools;

public sealed class FileReadToolTests : IDisposable
{
    private readonly TempWorkspace ws = new();
    private readonly FileReadTool tool = new();

    public void Dispose() => ws.Dispose();

    [Fact]
    public async Task InvokeAsync_ExistingFile_ReturnsPathAndContent()
    {
        await File.WriteAllTextAsync(ws.PathOf("r.txt"), "data ✓");

        var output = await tool.InvokeAsync(Contexts.For(ws.Workspace, new JsonObject { ["path"] = "r.txt" }), default);

        Assert.Equal("r.txt", output!["path"]!.GetValue<string>());
        Assert.Equal("data ✓", output["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeAsync_FileOverMaxBytes_ThrowsClearNonRetryableError()
    {
        await File.WriteAllTextAsync(ws.PathOf("big.txt"), new string('a', 100));

        var ex = await Assert.ThrowsAsync<ToolException>(() =>
            tool.InvokeAsync(Contexts.For(ws.Workspace, new JsonObject { ["path"] = "big.txt", ["maxBytes"] = 10 }), default));

        Assert.False(ex.Retryable);
        Assert.Equal("file 'big.txt' is 100 bytes, over the limit of 10 bytes (maxBytes)", ex.Message);
    }

    [Fact]
    public async Task InvokeAsync_FileOverDefaultLimit_Throws()
    {
        await File.WriteAllBytesAsync(ws.PathOf("big.bin"), new byte[FileReadTool.DefaultMaxBytes + 1]);

        var ex = await Assert.ThrowsAsync<ToolException>(() =>
            tool.InvokeAsync(Contexts.For(ws.Workspace, new JsonObject { ["path"] = "big.bin" }), default));

        Assert.Contains("over the limit of 1048576 bytes", ex.Message);
    }

    [Fact]
    public async Task InvokeAsync_MissingFile_ThrowsNonRetryable()
    {
        var ex = await Assert.ThrowsAsync<ToolException>(() =>
            tool.InvokeAsync(Contexts.For(ws.Workspace, new JsonObject { ["path"] = "nope.txt" }), default));

        Assert.False(ex.Retryable);
        Assert.Contains("does not exist", ex.Message);
    }

    [Fact]
    public async Task InvokeAsync_SymlinkToOutsideFile_IsRefused()
    {
        await File.WriteAllTextAsync(Path.Combine(ws.Outside, "secret.txt"), "secret");
        File.CreateSymbolicLink(ws.PathOf("link.txt"), Path.Combine(ws.Outside, "secret.txt"));

        var ex = await Assert.ThrowsAsync<ToolException>(() =>
            tool.InvokeAsync(Contexts.For(ws.Workspace, new JsonObject { ["path"] = "link.txt" }), default));

        Assert.Contains("leaves the goal's workspace through a symbolic link", ex.Message);
    }

    [Fact]
    public void Validate_MissingPathAndBadMaxBytes_ReportsBoth()
    {
        var errors = tool.Validate(new JsonObject { ["maxBytes"] = -3 });

        Assert.Contains("input 'path' is required", errors);
        Assert.Contains("input 'maxBytes' must be a positive whole number", errors);
    }
}
