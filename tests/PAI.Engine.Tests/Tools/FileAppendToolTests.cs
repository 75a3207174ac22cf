using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using PAI.Engine.Tools;

namespace PAI.Engine.Tests.Tools;

public sealed class FileAppendToolTests : IDisposable
{
    private readonly TempWorkspace ws = new();
    private readonly FileAppendTool tool = new(new AppendJournal(TimeProvider.System));

    public void Dispose() => ws.Dispose();

    private Task<JsonNode?> AppendAsync(string key, string content, string path = "log.txt") =>
        tool.InvokeAsync(Contexts.For(ws.Workspace, new JsonObject { ["path"] = path, ["content"] = content }, key), default);

    private string JournalPath(string relative) =>
        Path.Combine(ws.Workspace, ".pai", "journal",
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(relative))) + ".log");

    [Fact]
    public async Task InvokeAsync_SameKeyTwice_AppendsOnceAndReturnsSameOffset()
    {
        await AppendAsync("goal/a", "first\n");

        var first = await AppendAsync("goal/b", "second\n");
        var again = await AppendAsync("goal/b", "second\n");

        Assert.Equal("first\nsecond\n", await File.ReadAllTextAsync(ws.PathOf("log.txt")));
        Assert.Equal(6, first!["offset"]!.GetValue<long>());
        Assert.Equal(first.ToJsonString(), again!.ToJsonString());
    }

    [Fact]
    public async Task InvokeAsync_NoTrailingNewlineGiven_AddsNone()
    {
        await AppendAsync("g/1", "a");
        await AppendAsync("g/2", "b");

        Assert.Equal("ab", await File.ReadAllTextAsync(ws.PathOf("log.txt")));
    }

    [Fact]
    public async Task InvokeAsync_FiftyKeysConcurrently_WritesExactlyFiftyWholeLines()
    {
        var tasks = Enumerable.Range(0, 50)
            .Select(i => Task.Run(() => AppendAsync($"goal/step-{i}", $"line {i:D2} {new string('x', 200)}\n")))
            .ToArray();
        await Task.WhenAll(tasks);
        // Retries of every key, also concurrent, change nothing.
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => AppendAsync($"goal/step-{i}", "ignored\n"))));

        var lines = await File.ReadAllLinesAsync(ws.PathOf("log.txt"));
        Assert.Equal(50, lines.Length);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"line {i:D2} {new string('x', 200)}"), lines.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task InvokeAsync_AfterCrashMidContentWrite_OtherKeyTruncatesPartialAndRetryAppendsOnce()
    {
        await AppendAsync("goal/a", "first\n");
        // Crash state: the journal says goal/b appended 7 bytes at offset 6, but only 3 reached the file.
        await File.AppendAllTextAsync(JournalPath("log.txt"), $"{Uri.EscapeDataString("goal/b")}\t6\t7\n");
        await File.AppendAllTextAsync(ws.PathOf("log.txt"), "sec");

        await AppendAsync("goal/c", "third\n");
        await AppendAsync("goal/b", "second\n");
        await AppendAsync("goal/b", "second\n");

        Assert.Equal("first\nthird\nsecond\n", await File.ReadAllTextAsync(ws.PathOf("log.txt")));
        Assert.Contains("!rollback\t6\t7", await File.ReadAllTextAsync(JournalPath("log.txt")));
    }

    [Fact]
    public async Task InvokeAsync_AfterCrashMidContentWrite_SameKeyRetryEndsWithOneCopy()
    {
        await AppendAsync("goal/a", "first\n");
        await File.AppendAllTextAsync(JournalPath("log.txt"), $"{Uri.EscapeDataString("goal/b")}\t6\t7\n");
        await File.AppendAllTextAsync(ws.PathOf("log.txt"), "seco");

        var output = await AppendAsync("goal/b", "second\n");

        Assert.Equal("first\nsecond\n", await File.ReadAllTextAsync(ws.PathOf("log.txt")));
        Assert.Equal(6, output!["offset"]!.GetValue<long>());
    }

    [Fact]
    public async Task InvokeAsync_AfterCrashBeforeAnyContentByte_RetryAppendsOnce()
    {
        await AppendAsync("goal/a", "first\n");
        await File.AppendAllTextAsync(JournalPath("log.txt"), $"{Uri.EscapeDataString("goal/b")}\t6\t7\n");

        await AppendAsync("goal/b", "second\n");

        Assert.Equal("first\nsecond\n", await File.ReadAllTextAsync(ws.PathOf("log.txt")));
    }

    [Fact]
    public async Task InvokeAsync_AfterCrashOnceContentComplete_SameKeyWritesNothing()
    {
        await AppendAsync("goal/a", "first\n");
        await File.AppendAllTextAsync(JournalPath("log.txt"), $"{Uri.EscapeDataString("goal/b")}\t6\t7\n");
        await File.AppendAllTextAsync(ws.PathOf("log.txt"), "second\n");

        await AppendAsync("goal/b", "second\n");

        Assert.Equal("first\nsecond\n", await File.ReadAllTextAsync(ws.PathOf("log.txt")));
    }

    [Fact]
    public async Task InvokeAsync_AfterCrashMidJournalLine_TornLineIsDiscardedAndAppendHappensOnce()
    {
        await AppendAsync("goal/a", "first\n");
        await File.AppendAllTextAsync(JournalPath("log.txt"), "goal%2Fb\t6");

        await AppendAsync("goal/b", "second\n");
        await AppendAsync("goal/b", "second\n");

        Assert.Equal("first\nsecond\n", await File.ReadAllTextAsync(ws.PathOf("log.txt")));
        Assert.Equal(2, (await File.ReadAllLinesAsync(JournalPath("log.txt"))).Length);
    }

    [Fact]
    public async Task InvokeAsync_SameKeyOnTwoFiles_AppendsToEach()
    {
        await AppendAsync("goal/a", "x\n", "one.txt");
        await AppendAsync("goal/a", "y\n", "dir/two.txt");

        Assert.Equal("x\n", await File.ReadAllTextAsync(ws.PathOf("one.txt")));
        Assert.Equal("y\n", await File.ReadAllTextAsync(ws.PathOf("dir/two.txt")));
    }

    [Fact]
    public async Task AppendAsync_LockFileHeldElsewhere_WaitsUntilReleased()
    {
        var time = new FakeTimeProvider();
        var journal = new AppendJournal(time);
        var workspace = WorkspacePath.RealWorkspace(ws.Workspace);
        var lockPath = Path.Combine(workspace, ".pai", "locks",
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("log.txt"))) + ".pai-lock");
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        // Another process's hold on the sidecar looks the same as this exclusive open (flock on Unix).
        var held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var append = journal.AppendAsync(workspace, Path.Combine(workspace, "log.txt"), "goal/a", "x\n"u8.ToArray(), default);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(append.IsCompleted);
        Assert.False(File.Exists(Path.Combine(workspace, "log.txt")));

        await held.DisposeAsync();
        for (var i = 0; i < 10_000 && !append.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Yield();
        }

        Assert.False((await append).AlreadyApplied);
        Assert.Equal("x\n", await File.ReadAllTextAsync(ws.PathOf("log.txt")));
    }

    [Fact]
    public void Validate_MissingContent_IsReported()
    {
        var errors = tool.Validate(new JsonObject { ["path"] = "log.txt" });

        Assert.Equal(["input 'content' is required"], errors);
    }
}
