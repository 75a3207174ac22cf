using Microsoft.Extensions.AI;
using PAI.Abstractions.Gpu;
using PAI.Models.Gateway;
using PAI.Models.Tests.Testing;
using PAI.Testing.Models;
using Microsoft.Extensions.DependencyInjection;

namespace PAI.Models.Tests.Gateway;

/// <summary>Endpoints served on GPUs: every call holds a lease on its endpoint's device, a pool spreads calls over its
/// devices, and the lease is released when the answer ends.</summary>
[Collection(nameof(ModelSiloCollection))]
public sealed class GpuRoutingTests(ModelSilo silo)
{
    [Fact]
    public async Task TwoCallsToAPoolOfTwoGpuEndpoints_EachHoldALeaseOnItsOwnDevice_ReleasedWhenAnswered()
    {
        var gateway = silo.Services.GetRequiredService<IModelGateway>();
        var gate = new TaskCompletionSource();
        silo.A.On(r => r.Model == "pooled", _ => ScriptedReply.Text("from A") with { Gate = gate.Task });
        silo.B.On(r => r.Model == "pooled", _ => ScriptedReply.Text("from B") with { Gate = gate.Task });
        var route = gateway.Route(ModelRole.Agent, "pooled")!;

        var first = gateway.ChatClient(route, new ModelCallContext("test", GoalId: "goal-1")).GetResponseAsync("one");
        var second = gateway.ChatClient(route, new ModelCallContext("test", GoalId: "goal-2")).GetResponseAsync("two");
        await silo.A.WaitForAsync(r => r.Model == "pooled", TimeSpan.FromSeconds(60));
        await silo.B.WaitForAsync(r => r.Model == "pooled", TimeSpan.FromSeconds(60));
        var held = await Task.WhenAll(Device(0).GetViewAsync(), Device(1).GetViewAsync());

        Assert.All(held, v => Assert.Equal("pooled", v.Holder?.Model));
        Assert.Equal(["goal-1", "goal-2"], held.Select(v => v.Holder!.Requester).Order(StringComparer.Ordinal));

        gate.SetResult();
        var answers = await Task.WhenAll(first, second);
        Assert.Equal(["from A", "from B"], answers.Select(a => a.Text).Order(StringComparer.Ordinal));
        var after = await Task.WhenAll(Device(0).GetViewAsync(), Device(1).GetViewAsync());
        Assert.All(after, v => Assert.Null(v.Holder));
        Assert.All(after, v => Assert.Equal("pooled", v.LoadedModel));
    }

    private IGpuDeviceGrain Device(int index) => silo.Grains.GetGrain<IGpuDeviceGrain>($"test-node/{index}");
}
