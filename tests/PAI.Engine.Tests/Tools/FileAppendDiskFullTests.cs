using System.Text;
using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;
using PAI.Engine.Tools;
using PAI.Testing;

namespace PAI.Engine.Tests.Tools;

/// <summary><c>file.append</c> on a real full disk (a small tmpfs the test fills): a failed append leaves no torn line.</summary>
public sealed class FileAppendDiskFullTests
{
    private readonly FileAppendTool tool = new(new AppendJournal(TimeProvider.System));

    private Task<JsonNode?> AppendAsync(string workspace, string key, string content) =>
        tool.InvokeAsync(Contexts.For(workspace, new JsonObject { ["path"] = "log.txt", ["content"] = content }, key), default);

    [SmallFilesystemFact]
    public async Task InvokeAsync_DiskFillsDuringTheWrite_FailsAndLeavesTheFileAsItWas()
    {
        using var disk = SmallFilesystem.Mount(1024 * 1024);
        var workspace = Path.Combine(disk.Path, "ws");
        Directory.CreateDirectory(workspace);
        var lines = new StringBuilder();
        for (var i = 1; i <= 15; i++)
        {
            var line = $"line {i:D2} {new string('x', 60)}\n";
            await AppendAsync(workspace, $"goal/s{i}", line);
            lines.Append(line);
        }

        disk.Fill();
        // Larger than what is left in the file's last page: the kernel takes part of it, then answers ENOSPC.
        var big = $"line 16 {new string('y', 20_000)}\n";
        var failure = await Assert.ThrowsAsync<ToolException>(() => AppendAsync(workspace, "goal/s16", big));

        Assert.Contains("No space left", failure.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(lines.ToString(), await File.ReadAllTextAsync(Path.Combine(workspace, "log.txt")));
    }

    [SmallFilesystemFact]
    public async Task InvokeAsync_RetriedAfterSpaceCameBack_AppendsTheLineWholeOnce()
    {
        using var disk = SmallFilesystem.Mount(1024 * 1024);
        var workspace = Path.Combine(disk.Path, "ws");
        Directory.CreateDirectory(workspace);
        await AppendAsync(workspace, "goal/s1", "first\n");
        disk.Fill();
        var big = $"second {new string('y', 20_000)}\n";
        await Assert.ThrowsAsync<ToolException>(() => AppendAsync(workspace, "goal/s2", big));

        disk.Free();
        var retried = await AppendAsync(workspace, "goal/s2", big);
        var again = await AppendAsync(workspace, "goal/s2", big);

        Assert.Equal("first\n" + big, await File.ReadAllTextAsync(Path.Combine(workspace, "log.txt")));
        Assert.Equal(6, retried!["offset"]!.GetValue<long>());
        Assert.Equal(retried.ToJsonString(), again!.ToJsonString());
    }
}
