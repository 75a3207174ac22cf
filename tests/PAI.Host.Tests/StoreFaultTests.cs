using System.Net;
using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;
using PAI.Testing;
using Xunit.Abstractions;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Host.Tests;

/// <summary>
/// The real host with its data folder (SQLite store and workspaces) on a small tmpfs the test fills: requests get 507
/// with Retry-After instead of 500, /readyz turns unhealthy, and once space is back both recover without a restart.
/// (A read-only store is tested in cluster mode, tests/PAI.Cluster.Tests: Linux refuses to remount a filesystem
/// read-only while a process has files open on it for writing, as the running host does.)
/// </summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class StoreFaultTests(ITestOutputHelper output)
{
    // A safety net against hangs only.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [SmallFilesystemFact]
    public async Task Submit_DiskFull_Answers507WithRetryAfterAndReadyzStaysUnhealthyUntilSpaceIsBack()
    {
        using var disk = SmallFilesystem.Mount(64 * 1024 * 1024);
        await using var host = await PaiProcess.StartInAsync(disk.Path);
        var goal = LargeGoal();
        await host.Client.SubmitAsync(Goal("before", Step("a", "echo", new { ok = true })));

        disk.Fill();
        using (var refused = await host.Client.PostGoalAsync(goal, idempotencyKey: "disk-full-1"))
        {
            var body = await refused.Content.ReadAsStringAsync();
            output.WriteLine($"full disk: {(int)refused.StatusCode} {body}");
            Assert.Equal(HttpStatusCode.InsufficientStorage, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Equal(507, JsonNode.Parse(body)!["status"]!.GetValue<int>());
        }

        var (ready, readiness) = await ReadyzAsync(host);
        Assert.False(ready, $"/readyz stayed healthy on a full disk: {readiness}");
        Assert.Contains("writable", readiness, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);

        disk.Free();
        await WaitReadyAsync(host);
        var id = await host.Client.SubmitAsync(goal, idempotencyKey: "disk-full-1");
        var finished = await host.Client.WaitFinishedAsync(id, Patience);
        Assert.Equal("Succeeded", finished["status"]!.GetValue<string>());
        Assert.Contains("Store writes are failing (DiskFull", host.Output, StringComparison.Ordinal);
    }

    /// <summary>A goal of about 200 KB (an echo below the tool's output cap).</summary>
    private static JsonNode LargeGoal() => Goal("large", Step("a", "echo", new { text = new string('x', 200 * 1024) }));

    private static async Task<(bool Ready, string Body)> ReadyzAsync(PaiProcess host)
    {
        using var response = await host.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        return (response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static async Task WaitReadyAsync(PaiProcess host)
    {
        var deadline = DateTime.UtcNow + Patience;
        var (ready, body) = await ReadyzAsync(host);
        while (!ready && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            (ready, body) = await ReadyzAsync(host);
        }

        Assert.True(ready, $"/readyz did not recover: {body}\n{host.Output}");
    }
}
