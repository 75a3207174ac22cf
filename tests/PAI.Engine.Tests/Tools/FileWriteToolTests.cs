using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;
using PAI.Engine.Tools;

namespace PAI.Engine.Tests.Tools;

public sealed class FileWriteToolTests : IDisposable
{
    private readonly TempWorkspace ws = new();
    private readonly FileWriteTool tool = new(new AppendJournal(TimeProvider.System));

    public void Dispose() => ws.Dispose();

    [Fact]
    public async Task InvokeAsync_NewNestedPath_CreatesFoldersAndWritesContent()
    {
        var output = await tool.InvokeAsync(Contexts.For(ws.Workspace, new JsonObject { ["path"] = "a/b/c.txt", ["content"] = "héllo" }), default);

        Assert.Equal("héllo", await File.ReadAllTextAsync(ws.PathOf("a/b/c.txt")));
        Assert.Equal("a/b/c.txt", output!["path"]!.GetValue<string>());
        Assert.Equal(6, output["bytes"]!.GetValue<int>());
    }

    [Fact]
    public async Task InvokeAsync_SameKeyTwice_LeavesOneCopyOfContent()
    {
        var input = new JsonObject { ["path"] = "out.txt", ["content"] = "line\n" };

        await tool.InvokeAsync(Contexts.For(ws.Workspace, input), default);
        await tool.InvokeAsync(Contexts.For(ws.Workspace, input, attempt: 2), default);

        Assert.Equal("line\n", await File.ReadAllTextAsync(ws.PathOf("out.txt")));
    }

    [Fact]
    public async Task InvokeAsync_ExistingFile_ReplacesItAndLeavesNoTempFiles()
    {
        await File.WriteAllTextAsync(ws.PathOf("out.txt"), "old content that is longer");

        await tool.InvokeAsync(Contexts.For(ws.Workspace, new JsonObject { ["path"] = "out.txt", ["content"] = "new" }), default);

        Assert.Equal("new", await File.ReadAllTextAsync(ws.PathOf("out.txt")));
        Assert.Equal(["out.txt"], Directory.GetFiles(ws.Workspace).Select(Path.GetFileName));
    }

    [Fact]
    public async Task InvokeAsync_ConcurrentReader_NeverSeesPartialContent()
    {
        var big = new string('x', 512 * 1024);
        await File.WriteAllTextAsync(ws.PathOf("f.txt"), big);
        var other = new string('y', 512 * 1024);
        using var stop = new CancellationTokenSource();
        var partial = 0;
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var text = File.ReadAllText(ws.PathOf("f.txt"));
                if (text != big && text != other)
                {
                    partial++;
                }
            }
        });

        for (var i = 0; i < 20; i++)
        {
            var content = i % 2 == 0 ? other : big;
            await tool.InvokeAsync(Contexts.For(ws.Workspace, new JsonObject { ["path"] = "f.txt", ["content"] = content }, key: $"g/s{i}"), default);
        }

        await stop.CancelAsync();
        await reader;
        Assert.Equal(0, partial);
    }

    [Fact]
    public async Task InvokeAsync_AppendTrueSameKeyTwice_AppendsOnce()
    {
        var input = new JsonObject { ["path"] = "log.txt", ["content"] = "x\n", ["append"] = true };

        await tool.InvokeAsync(Contexts.For(ws.Workspace, input), default);
        await tool.InvokeAsync(Contexts.For(ws.Workspace, input), default);

        Assert.Equal("x\n", await File.ReadAllTextAsync(ws.PathOf("log.txt")));
    }

    [Fact]
    public async Task InvokeAsync_PathLeavingWorkspace_ThrowsNonRetryableAndWritesNothing()
    {
        var ex = await Assert.ThrowsAsync<ToolException>(() =>
            tool.InvokeAsync(Contexts.For(ws.Workspace, new JsonObject { ["path"] = "../outside/x.txt", ["content"] = "no" }), default));

        Assert.False(ex.Retryable);
        Assert.False(File.Exists(Path.Combine(ws.Outside, "x.txt")));
    }

    [Fact]
    public void Validate_DotDotPath_ReportsLeavingWorkspace()
    {
        var errors = tool.Validate(new JsonObject { ["path"] = "../x", ["content"] = "c" });

        Assert.Equal(["path '../x' leaves the goal's workspace"], errors);
    }

    [Fact]
    public void Validate_MissingFields_ReportsEachRequiredField()
    {
        var errors = tool.Validate([]);

        Assert.Contains("input 'path' is required", errors);
        Assert.Contains("input 'content' is required", errors);
    }

    [Fact]
    public void Validate_NonBooleanAppend_IsReported() =>
        Assert.Equal(["input 'append' must be true or false"], tool.Validate(new JsonObject { ["path"] = "a.txt", ["content"] = "c", ["append"] = "yes" }));

    [Fact]
    public void Validate_ReferencePath_IsSkipped()
    {
        var errors = tool.Validate(new JsonObject { ["path"] = "${steps.a.output.path}", ["content"] = "${steps.b.output}" });

        Assert.Empty(errors);
    }

    [Fact]
    public void Validate_AbsolutePathAndHiddenFolder_AreReported()
    {
        Assert.Contains("absolute", Assert.Single(tool.Validate(new JsonObject { ["path"] = "/etc/x", ["content"] = "c" })));
        Assert.Contains(".pai", Assert.Single(tool.Validate(new JsonObject { ["path"] = ".pai/journal/x", ["content"] = "c" })));
    }
}
