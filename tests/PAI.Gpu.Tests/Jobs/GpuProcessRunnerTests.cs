using Microsoft.Extensions.Logging.Abstractions;
using PAI.Gpu.Jobs;
using PAI.Gpu.Tests.Infrastructure;

namespace PAI.Gpu.Tests.Jobs;

public sealed class GpuProcessRunnerTests
{
    private static GpuProcessRunner Runner() => new(TimeProvider.System, NullLogger<GpuProcessRunner>.Instance);

    [Fact]
    public async Task RunAsync_CommandThatForksIsCancelled_LeaderAndChildAreBothGone()
    {
        var pgid = new TaskCompletionSource<int>();
        using var cancel = new CancellationTokenSource();
        var spec = new GpuProcessSpec("sh", ["-c", "sleep 300 & echo forked; sleep 300"], null, new Dictionary<string, string>(), 1000);
        var run = Runner().RunAsync(spec, _ => { }, id => pgid.TrySetResult(id), cancel.Token);

        var group = await pgid.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (ProcessTable.LiveMembersOf(group).Count < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(ProcessTable.LiveMembersOf(group).Count >= 3, "sh and both sleeps run in the job's own group");
        await cancel.CancelAsync();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(result.Killed);
        Assert.Equal(group, result.ProcessGroupId);
        Assert.True(await ProcessTable.WaitUntilEmptyAsync(group, TimeSpan.FromSeconds(5)), "no process of the group survives");
    }

    [Fact]
    public async Task RunAsync_LeaderExitsLeavingBackgroundChild_ChildIsKilled()
    {
        var pgid = 0;
        var spec = new GpuProcessSpec("sh", ["-c", "sleep 300 & echo done"], null, new Dictionary<string, string>(), 1000);

        var result = await Runner().RunAsync(spec, _ => { }, id => pgid = id, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, result.ExitCode);
        Assert.False(result.Killed);
        Assert.Contains("done", result.Tail, StringComparison.Ordinal);
        Assert.True(await ProcessTable.WaitUntilEmptyAsync(pgid, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task RunAsync_ManyLines_KeepsCappedTailAndStreamsEveryLine()
    {
        var lines = 0;
        var spec = new GpuProcessSpec("sh", ["-c", "i=0; while [ $i -lt 500 ]; do echo line-$i; i=$((i+1)); done; echo err >&2"], null, new Dictionary<string, string> { ["X"] = "y" }, 300);

        var result = await Runner().RunAsync(spec, _ => Interlocked.Increment(ref lines), null, CancellationToken.None);

        Assert.Equal(501, lines);
        Assert.True(result.Tail.Length <= 300);
        Assert.Contains("line-499", result.Tail, StringComparison.Ordinal);
        Assert.DoesNotContain("line-1\n", result.Tail, StringComparison.Ordinal);
    }
}
