using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using PAI.Abstractions.Gpu;
using PAI.Gpu.Jobs;
using PAI.Gpu.Tests.Infrastructure;

namespace PAI.Gpu.Tests.Grains;

public sealed class GpuLeaseTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(10);

    // For tests that are not about expiry: on a loaded machine a short TTL expires leases between grant and release.
    private static readonly TimeSpan LongTtl = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Pool_EightBackloggedRequestersOnFourDevices_JainIndexAtLeast099AndNoDoubleGrant()
    {
        await using var silo = await GpuSilo.StartAsync(devices: 4, ttl: LongTtl);
        var pool = silo.Grains.GetGrain<IGpuPoolGrain>(GpuDeviceKey.PoolKey);
        const int requesters = 8;
        const int devices = 4;
        const int grantsPerDeviceMeasured = 40; // 5 rounds of 8 requesters

        // Hold every device while the backlog builds, so that measurement starts with every requester waiting.
        var blockers = new List<GpuRequestState>();
        for (var d = 0; d < devices; d++)
        {
            blockers.Add(await pool.RequestAsync(new GpuLeaseRequest($"blocker-{d}", "blocker", GpuTier.Draft)));
        }

        Assert.All(blockers, b => Assert.Equal(GpuRequestStatus.Granted, b.Status));
        Assert.Equal(devices, blockers.Select(b => b.DeviceId).Distinct().Count());

        // Uneven backlogs: requester i has 20 + 8i jobs (20..76); one with many must not starve one with few.
        var queued = new List<(string Requester, GpuRequestState State, string RequestId)>();
        for (var r = 0; r < requesters; r++)
        {
            for (var j = 0; j < 20 + (8 * r); j++)
            {
                var id = $"r{r}-{j}";
                queued.Add(($"r{r}", await pool.RequestAsync(new GpuLeaseRequest(id, $"r{r}", GpuTier.Draft)), id));
            }
        }

        var occupancy = new ConcurrentDictionary<string, int>();
        var maxOccupancy = 0;
        var grants = new ConcurrentBag<GpuLease>();
        var holders = queued.Select(q => Task.Run(async () =>
        {
            var device = silo.Grains.GetGrain<IGpuDeviceGrain>(q.State.DeviceId);
            var state = q.State;
            while (state.Status == GpuRequestStatus.Queued)
            {
                state = await device.WaitForGrantAsync(q.RequestId, Poll);
            }

            var lease = Assert.IsType<GpuLease>(state.Lease);
            var now = occupancy.AddOrUpdate(lease.DeviceId, 1, (_, v) => v + 1);
            InterlockedMax(ref maxOccupancy, now);
            grants.Add(lease);
            occupancy.AddOrUpdate(lease.DeviceId, 0, (_, v) => v - 1);
            Assert.True(await device.ReleaseAsync(q.RequestId, lease.FencingToken));
        })).ToList();

        foreach (var blocker in blockers)
        {
            Assert.True(await silo.Grains.GetGrain<IGpuDeviceGrain>(blocker.DeviceId).ReleaseAsync(blocker.Lease!.RequestId, blocker.Lease.FencingToken));
        }

        await Task.WhenAll(holders).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(queued.Count, grants.Count);
        Assert.Equal(1, maxOccupancy);
        foreach (var perDevice in grants.GroupBy(g => g.DeviceId))
        {
            var tokens = perDevice.Select(g => g.FencingToken).OrderBy(t => t).ToList();
            Assert.Equal(tokens.Count, tokens.Distinct().Count());
            var byGrant = perDevice.OrderBy(g => g.FencingToken).ToList();
            for (var i = 1; i < byGrant.Count; i++)
            {
                Assert.True(byGrant[i].GrantedAt >= byGrant[i - 1].GrantedAt, "tokens follow grant order");
            }
        }

        // Served work in the fixed window: the first 40 grants on each device, while everyone is backlogged.
        var window = grants.GroupBy(g => g.DeviceId).SelectMany(g => g.OrderBy(x => x.FencingToken).Take(grantsPerDeviceMeasured)).ToList();
        Assert.Equal(devices * grantsPerDeviceMeasured, window.Count);
        var served = Enumerable.Range(0, requesters).Select(r => (double)window.Count(g => g.Requester == $"r{r}")).ToArray();
        var jain = served.Sum() * served.Sum() / (served.Length * served.Sum(x => x * x));
        Assert.True(jain >= 0.99, $"Jain's index {jain:F4} over [{string.Join(", ", served)}]");
    }

    [Fact]
    public async Task Device_RequesterWith100QueuedAndOneWithOne_OneIsServedNext()
    {
        await using var silo = await GpuSilo.StartAsync(devices: 1, ttl: LongTtl);
        var device = silo.Grains.GetGrain<IGpuDeviceGrain>(GpuSilo.DeviceId(0));
        var first = await device.EnqueueAsync(new GpuLeaseRequest("a-0", "a", GpuTier.Draft));
        for (var i = 1; i < 100; i++)
        {
            await device.EnqueueAsync(new GpuLeaseRequest($"a-{i}", "a", GpuTier.Draft));
        }

        await device.EnqueueAsync(new GpuLeaseRequest("b-0", "b", GpuTier.Draft));
        var view = await device.GetViewAsync();
        Assert.Equal(100, view.QueueLength);

        Assert.True(await device.ReleaseAsync("a-0", first.Lease!.FencingToken));

        var next = await device.WaitForGrantAsync("b-0", TimeSpan.Zero);
        Assert.Equal(GpuRequestStatus.Granted, next.Status);
        Assert.Equal("b", next.Lease!.Requester);
        Assert.Equal(first.Lease.FencingToken + 1, next.Lease.FencingToken);
    }

    [Fact]
    public async Task Device_HolderStopsHeartbeating_LeaseExpiresAndStaleTokenIsRejected()
    {
        var ttl = TimeSpan.FromMilliseconds(600);
        await using var silo = await GpuSilo.StartAsync(devices: 1, ttl: ttl);
        var metrics = silo.Services.GetRequiredService<GpuMetrics>();
        var device = silo.Grains.GetGrain<IGpuDeviceGrain>(GpuSilo.DeviceId(0));
        var paused = (await device.EnqueueAsync(new GpuLeaseRequest("paused", "p", GpuTier.Draft))).Lease!;
        Assert.True((await device.HeartbeatAsync("paused", paused.FencingToken)).Accepted);
        var waiting = await device.EnqueueAsync(new GpuLeaseRequest("next", "q", GpuTier.Draft));
        Assert.Equal(GpuRequestStatus.Queued, waiting.Status);

        // The holder stalls: no heartbeats. The waiter is granted once the lease expired (how soon is not asserted:
        // a loaded machine delays timers; the long-poll loop only stops a hang).
        var granted = waiting;
        for (var poll = 0; granted.Status == GpuRequestStatus.Queued && poll < 12; poll++)
        {
            granted = await device.WaitForGrantAsync("next", Poll);
        }

        Assert.Equal(GpuRequestStatus.Granted, granted.Status);
        Assert.True(granted.Lease!.FencingToken > paused.FencingToken);

        // The paused holder comes back: every use of its token is refused.
        var stale = metrics.StaleTokenRejections;
        Assert.False((await device.HeartbeatAsync("paused", paused.FencingToken)).Accepted);
        Assert.False(await device.ReleaseAsync("paused", paused.FencingToken));
        Assert.False(await device.ValidateTokenAsync(paused.FencingToken));
        var runner = silo.Services.GetRequiredService<GpuJobRunner>();
        var spec = new GpuProcessSpec("sh", ["-c", "echo should-not-run"], null, new Dictionary<string, string>(), 1000);
        await Assert.ThrowsAsync<StaleFencingTokenException>(() => runner.RunAsync(paused, spec, TimeSpan.FromSeconds(5), _ => { }, null, CancellationToken.None));
        Assert.True(metrics.StaleTokenRejections >= stale + 4);
        Assert.True(metrics.LeaseExpiries >= 1);

        // The new holder is unaffected.
        Assert.True(await device.ValidateTokenAsync(granted.Lease.FencingToken));
    }

    [Fact]
    public async Task Device_SiloRestart_QueueSurvivesAndEpochKeepsRising()
    {
        var dir = GpuSilo.NewDataDirectory();
        long token;
        await using (var first = await GpuSilo.StartAsync(devices: 1, ttl: TimeSpan.FromSeconds(30), dataDirectory: dir))
        {
            var device = first.Grains.GetGrain<IGpuDeviceGrain>(GpuSilo.DeviceId(0));
            token = (await device.EnqueueAsync(new GpuLeaseRequest("holder", "a", GpuTier.High))).Lease!.FencingToken;
            await device.EnqueueAsync(new GpuLeaseRequest("w1", "b", GpuTier.Draft));
            await device.EnqueueAsync(new GpuLeaseRequest("w2", "c", GpuTier.Draft));
            await first.StopAsync();
        }

        // Same data folder: a restart.
        await using var second = await GpuSilo.StartAsync(devices: 1, ttl: TimeSpan.FromSeconds(30), dataDirectory: dir);
        var again = second.Grains.GetGrain<IGpuDeviceGrain>(GpuSilo.DeviceId(0));
        var view = await again.GetViewAsync();
        Assert.Equal("holder", view.Holder?.RequestId);
        Assert.Equal(["b", "c"], view.Queue.Select(q => q.Requester));

        Assert.True(await again.ReleaseAsync("holder", token));
        var next = await again.WaitForGrantAsync("w1", Poll);
        Assert.Equal(GpuRequestStatus.Granted, next.Status);
        Assert.Equal(token + 1, next.Lease!.FencingToken);
    }

    [Fact]
    public async Task Device_KeyedForAbsentNode_FailsClearlyAndPoolSkipsIt()
    {
        await using var silo = await GpuSilo.StartAsync(devices: 1, ttl: LongTtl);
        var absent = silo.Grains.GetGrain<IGpuDeviceGrain>("other-machine/0");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => absent.GetViewAsync());
        Assert.Contains("waits for its machine", error.ToString(), StringComparison.Ordinal);

        var pool = silo.Grains.GetGrain<IGpuPoolGrain>(GpuDeviceKey.PoolKey);
        await pool.RegisterDeviceAsync(new GpuDeviceInfo("other-machine", "0", null, "remote", null, null, null, "config"));
        var state = await pool.RequestAsync(new GpuLeaseRequest("r", "x", GpuTier.Draft));
        Assert.Equal(GpuSilo.DeviceId(0), state.DeviceId);
    }

    [Fact]
    public async Task Pool_ModelLoadedOnOneDevice_RoutesThereWhenLoadIsClose()
    {
        await using var silo = await GpuSilo.StartAsync(devices: 2, ttl: LongTtl);
        var pool = silo.Grains.GetGrain<IGpuPoolGrain>(GpuDeviceKey.PoolKey);
        var first = await pool.RequestAsync(new GpuLeaseRequest("m1", "a", GpuTier.Draft, "sdxl"));
        Assert.True(await silo.Grains.GetGrain<IGpuDeviceGrain>(first.DeviceId).ReleaseAsync("m1", first.Lease!.FencingToken));

        for (var i = 0; i < 4; i++)
        {
            var again = await pool.RequestAsync(new GpuLeaseRequest($"m{i + 2}", "a", GpuTier.Draft, "sdxl"));
            Assert.Equal(first.DeviceId, again.DeviceId);
            Assert.True(await silo.Grains.GetGrain<IGpuDeviceGrain>(again.DeviceId).ReleaseAsync(again.Lease!.RequestId, again.Lease.FencingToken));
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
