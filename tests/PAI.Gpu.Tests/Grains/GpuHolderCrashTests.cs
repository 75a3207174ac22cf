using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PAI.Abstractions.Gpu;
using PAI.Gpu.Tests.Infrastructure;

namespace PAI.Gpu.Tests.Grains;

/// <summary>Holders in real processes: killed with SIGKILL, or frozen with SIGSTOP and thawed after expiry.</summary>
public sealed class GpuHolderCrashTests
{
    private const int SigKill = 9;
    private const int SigStop = 19;
    private const int SigCont = 18;
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Holder_KilledWithSigkill_DeviceRegrantedOnceItsLeaseExpires()
    {
        await using var silo = await GpuSilo.StartAsync(devices: 1, ttl: Ttl);
        var device = silo.Grains.GetGrain<IGpuDeviceGrain>(GpuSilo.DeviceId(0));
        await using var holder = HolderProcess.Start(silo.GatewayPort, GpuSilo.DeviceId(0), "crashy", "holder");
        await holder.WaitForLineAsync("GRANTED", TimeSpan.FromSeconds(60));
        var waiting = await device.EnqueueAsync(new GpuLeaseRequest("survivor", "other", GpuTier.Draft));
        Assert.Equal(GpuRequestStatus.Queued, waiting.Status);

        // Still heartbeating: the lease outlives its TTL while the holder lives.
        await Task.Delay(Ttl + TimeSpan.FromMilliseconds(500));
        Assert.Equal("crashy", (await device.GetViewAsync()).Holder?.RequestId);

        holder.Signal(SigKill);
        var killedAt = Stopwatch.StartNew();
        var state = waiting;

        // How soon after the TTL is a timing figure (a loaded machine delays timers); the 120 s only stops a hang.
        while (state.Status == GpuRequestStatus.Queued && killedAt.Elapsed < TimeSpan.FromSeconds(120))
        {
            state = await device.WaitForGrantAsync("survivor", TimeSpan.FromSeconds(1));
        }

        Assert.Equal(GpuRequestStatus.Granted, state.Status);
    }

    [Fact]
    public async Task Holder_PausedPastExpiry_ItsTokenIsRejectedWhenItResumes()
    {
        await using var silo = await GpuSilo.StartAsync(devices: 1, ttl: Ttl);
        var metrics = silo.Services.GetRequiredService<GpuMetrics>();
        var device = silo.Grains.GetGrain<IGpuDeviceGrain>(GpuSilo.DeviceId(0));
        await using var holder = HolderProcess.Start(silo.GatewayPort, GpuSilo.DeviceId(0), "sleepy", "holder");
        var granted = await holder.WaitForLineAsync("GRANTED", TimeSpan.FromSeconds(60));
        await device.EnqueueAsync(new GpuLeaseRequest("next", "other", GpuTier.Draft));

        holder.Signal(SigStop);
        var state = await device.WaitForGrantAsync("next", TimeSpan.FromSeconds(10));
        Assert.Equal(GpuRequestStatus.Granted, state.Status);
        var before = metrics.StaleTokenRejections;

        holder.Signal(SigCont);
        var stale = await holder.WaitForLineAsync("STALE", TimeSpan.FromSeconds(10));
        Assert.Equal(granted["GRANTED ".Length..], stale["STALE ".Length..]);
        await holder.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, holder.Process.ExitCode);
        Assert.True(metrics.StaleTokenRejections > before);
        Assert.True(await device.ValidateTokenAsync(state.Lease!.FencingToken));
    }
}
