using PAI.Abstractions.Gpu;
using PAI.Gpu.Tests.Infrastructure;

namespace PAI.Gpu.Tests.Grains;

public sealed class GpuDeviceUsageViewTests
{
    [Fact]
    public async Task GetView_AfterLeasesOfTwoRequesters_ShowsGrantsPerRequesterAndAnHourOfMinutes()
    {
        await using var silo = await GpuSilo.StartAsync(devices: 1, ttl: TimeSpan.FromSeconds(30));
        var device = silo.Grains.GetGrain<IGpuDeviceGrain>(GpuSilo.DeviceId(0));
        foreach (var (request, requester) in new[] { ("a-1", "goal-a"), ("b-1", "goal-b"), ("a-2", "goal-a") })
        {
            var state = await device.EnqueueAsync(new GpuLeaseRequest(request, requester, GpuTier.Draft));
            Assert.Equal(GpuRequestStatus.Granted, state.Status);
            Assert.True(await device.ReleaseAsync(request, state.Lease!.FencingToken));
        }

        var held = await device.EnqueueAsync(new GpuLeaseRequest("b-2", "goal-b", GpuTier.Draft));
        var view = await device.GetViewAsync();

        Assert.Equal(60, view.Usage!.Count);
        Assert.True(view.Usage[^1].BusyFraction > 0, "the current minute shows the lease being held");
        var requesters = view.Requesters!.ToDictionary(r => r.Requester, r => r.Grants);
        Assert.Equal(new Dictionary<string, int> { ["goal-a"] = 2, ["goal-b"] = 2 }, requesters);
        Assert.Equal("goal-b", view.Holder?.Requester);
        Assert.True(await device.ReleaseAsync("b-2", held.Lease!.FencingToken));
    }
}
