using Xunit.Abstractions;
using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Host.Tests;

/// <summary>The real host, killed with SIGKILL at awkward moments: what was acknowledged must finish, exactly once.</summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class DurabilityTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ResumeSafetyTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task AppendGoal_KilledThreeTimesAtRandomMoments_SucceedsWithExactlyFiftyLines()
    {
        await using var host = await PaiProcess.StartNewAsync();
        var steps = new List<JsonObject>();
        string? previous = null;
        for (var i = 1; i <= 50; i++)
        {
            // A short durable wait before each append stretches the run so that kills land mid-goal.
            var pause = Step($"pause{i}", "wait", new { @for = "60ms" }, previous is null ? [] : [previous]);
            var append = Step($"append{i}", "file.append", new { path = "out/lines.txt", content = $"line {i}\n" }, $"pause{i}");
            steps.Add(pause);
            steps.Add(append);
            previous = $"append{i}";
        }

        var id = await host.Client.SubmitAsync(Goal("fifty appends", steps.ToArray()));
        var file = Path.Combine(host.WorkspaceOf(id), "out", "lines.txt");
        var random = new Random(42);
        for (var kill = 0; kill < 3; kill++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(300, 1200)));
            await host.KillAsync();
            var linesAtKill = CountLines(file);
            await host.StartAsync();

            // Resume needs no request: watch the file, not the API (a GET would activate the goal itself). How soon it
            // resumes is a timing promise, measured by bench/PAI.Bench.Durability; here only that it does (the long
            // safety timeout just stops a hang).
            if (linesAtKill < 50)
            {
                await WaitUntilAsync(() => CountLines(file) > linesAtKill, ResumeSafetyTimeout, $"no progress after restart {kill + 1} without a request:\n{host.Output}");
                output.WriteLine($"kill {kill + 1}: {linesAtKill} lines at the kill; progress {(DateTimeOffset.UtcNow - host.StartedAt).TotalSeconds:F1} s after the restart");
            }
            else
            {
                output.WriteLine($"kill {kill + 1}: goal had already written all 50 lines");
            }
        }

        var goal = await host.Client.WaitFinishedAsync(id, TimeSpan.FromSeconds(60));
        Assert.Equal("Succeeded", goal["status"]!.GetValue<string>());
        var lines = await File.ReadAllLinesAsync(file);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => $"line {i}"), lines);
    }

    [Fact]
    public async Task Wait_KilledAtFourSecondsRestartedAtSix_KeepsItsOriginalDeadline()
    {
        var wait = TimeSpan.FromSeconds(10);
        await using var host = await PaiProcess.StartNewAsync();
        var id = await host.Client.SubmitAsync(Goal("durable timer", Step("nap", "wait", new { @for = "10s" })));
        var submittedAt = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(4));
        await host.KillAsync();
        await Task.Delay(submittedAt.AddSeconds(6) - DateTimeOffset.UtcNow);
        await host.StartAsync();
        var readyAt = DateTimeOffset.UtcNow;

        var goal = await host.Client.WaitFinishedAsync(id, TimeSpan.FromSeconds(30));
        Assert.Equal("Succeeded", goal["status"]!.GetValue<string>());
        var step = goal["steps"]![0]!;
        var started = DateTimeOffset.Parse(step["startedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var finished = DateTimeOffset.Parse(step["finishedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var elapsed = (finished - started).TotalSeconds;
        output.WriteLine($"wait began {started:O}, finished after {elapsed:F2} s; the host was ready again {(readyAt - submittedAt).TotalSeconds:F2} s after submit");

        // Never early: the wait lasts its whole 10 s (10 ms allowed for the timestamps' rounding).
        Assert.True(finished >= started + wait - TimeSpan.FromMilliseconds(10), $"the wait ended after {elapsed:F2} s");

        // Not restarted from zero: a timer started again by the restarted host would still be running 10 s after it
        // was ready. Ending at the original deadline ±1 s is a timing promise: bench/PAI.Bench.Durability measures it.
        Assert.True(finished < readyAt + wait, $"the wait ended {(finished - readyAt).TotalSeconds:F2} s after the restarted host was ready: it started over");
    }

    [Fact]
    public async Task AcceptedGoal_KilledRightAfter202_IsThereAfterRestartAndCompletes()
    {
        await using var host = await PaiProcess.StartNewAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await host.Client.SubmitAsync(Goal($"accepted {i}",
                Step("a", "wait", new { @for = "300ms" }),
                Step("b", "file.write", new { path = "done.txt", content = "done" }, "a"))));
        }

        await host.KillAsync();
        await host.StartAsync();

        foreach (var id in ids)
        {
            var goal = await host.Client.WaitFinishedAsync(id, TimeSpan.FromSeconds(30));
            Assert.Equal("Succeeded", goal["status"]!.GetValue<string>());
            Assert.Equal("done", await File.ReadAllTextAsync(Path.Combine(host.WorkspaceOf(id), "done.txt")));
        }
    }

    private static int CountLines(string file)
    {
        try
        {
            return File.Exists(file) ? File.ReadAllLines(file).Length : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string message)
    {
        var deadline = DateTime.UtcNow + (timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, message);
            await Task.Delay(50);
        }
    }
}
