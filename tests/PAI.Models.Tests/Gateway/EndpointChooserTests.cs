using PAI.Abstractions.Gpu;
using PAI.Models.Gateway;

namespace PAI.Models.Tests.Gateway;

/// <summary>The pool's endpoint choice, pure: affinity for the device with the model loaded, round-robin when nothing
/// tells endpoints apart, fairness between goals on round-robin devices, and saturated, resting or unreachable
/// endpoints passed over.</summary>
public sealed class EndpointChooserTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Choose_GpuPool_PrefersTheDeviceThatLastServedTheModel_CallAfterCall()
    {
        var chooser = new EndpointChooser();
        var pool = new[] { Gpu("a", "gpu0"), Gpu("b", "gpu1"), Gpu("c", "gpu2") };
        var views = Views(Device("gpu0", loaded: "other"), Device("gpu1", loaded: "llama"), Device("gpu2"));

        var chosen = Enumerable.Range(0, 5).Select(_ => chooser.Choose(pool, views, "llama", "goal-1")).ToList();

        Assert.All(chosen, i => Assert.Equal(1, i));
    }

    [Theory]
    [InlineData(1, 1)] // 2 turns against 1: within one turn of the least, worth not loading the model elsewhere
    [InlineData(2, 0)] // 3 against 1: the cold device wins
    public void Choose_AllBusy_AffinityHoldsWhileTheWarmDeviceIsWithinOneTurnOfTheLeast(int othersWaiting, int expected)
    {
        var chooser = new EndpointChooser();
        var pool = new[] { Gpu("a", "gpu0"), Gpu("b", "gpu1") };
        var waiting = Enumerable.Range(0, othersWaiting).Select(i => ($"goal-w{i}", 1)).ToArray();
        var views = Views(Device("gpu0", holder: "goal-7"), Device("gpu1", loaded: "llama", holder: "goal-9", queue: Queue(waiting)));

        Assert.Equal(expected, chooser.Choose(pool, views, "llama", "goal-1"));
    }

    [Fact]
    public void Choose_AFreeDevice_IsNotLeftIdleForABusyWarmOne()
    {
        var chooser = new EndpointChooser();
        var pool = new[] { Gpu("a", "gpu0"), Gpu("b", "gpu1") };
        var views = Views(Device("gpu0"), Device("gpu1", loaded: "llama", holder: "goal-9"));

        Assert.Equal(0, chooser.Choose(pool, views, "llama", "goal-1"));
    }

    [Fact]
    public void Choose_NoAffinity_GoesRoundRobinAcrossTheGpuPool()
    {
        var chooser = new EndpointChooser();
        var pool = new[] { Gpu("a", "gpu0"), Gpu("b", "gpu1"), Gpu("c", "gpu2") };
        var views = Views(Device("gpu0"), Device("gpu1"), Device("gpu2"));

        var chosen = Enumerable.Range(0, 7).Select(i => chooser.Choose(pool, views, "llama", $"goal-{i}")).ToList();

        Assert.Equal([0, 1, 2, 0, 1, 2, 0], chosen);
    }

    [Fact]
    public void Choose_NoGpus_GoesRoundRobinAcrossIdleEndpoints()
    {
        var chooser = new EndpointChooser();
        var pool = new[] { Http("a"), Http("b"), Http("c") };

        var chosen = Enumerable.Range(0, 6).Select(_ => chooser.Choose(pool, Views(), "m", "goal-1")).ToList();

        Assert.Equal([0, 1, 2, 0, 1, 2], chosen);
    }

    [Fact]
    public void Choose_RoundRobin_ContinuesAfterTheLastChosenWhenTheTiedSetChanges()
    {
        var chooser = new EndpointChooser();
        var idle = new[] { Http("a"), Http("b"), Http("c") };
        var aBusy = new[] { Http("a", inFlight: 1), Http("b"), Http("c") };

        Assert.Equal(0, chooser.Choose(idle, Views(), "m", "g"));
        Assert.Equal(1, chooser.Choose(aBusy, Views(), "m", "g"));
        Assert.Equal(2, chooser.Choose(aBusy, Views(), "m", "g"));
        Assert.Equal(1, chooser.Choose(aBusy, Views(), "m", "g"));
        Assert.Equal(2, chooser.Choose(idle, Views(), "m", "g"));
        Assert.Equal(0, chooser.Choose(idle, Views(), "m", "g"));
    }

    [Fact]
    public void Choose_AnotherGoalsFlood_CostsANewcomerOneTurn_NotTheWholeQueue()
    {
        // gpu0: goal A holds it and has 4 more waiting; gpu1: goal C holds it, C and D have one waiting each. By raw
        // queue length gpu1 looks lighter (3 against 5), but the devices rotate between goals: on gpu0 goal B is
        // served right after A's current lease (2 turns), on gpu1 after C's lease and C's and D's next ones (3).
        var chooser = new EndpointChooser();
        var pool = new[] { Gpu("a", "gpu0"), Gpu("b", "gpu1") };
        var views = Views(
            Device("gpu0", holder: "goal-A", queue: Queue(("goal-A", 4))),
            Device("gpu1", holder: "goal-C", queue: Queue(("goal-C", 1), ("goal-D", 1))));

        Assert.Equal(2, EndpointChooser.TurnsBefore(views["gpu0"], "goal-B"));
        Assert.Equal(3, EndpointChooser.TurnsBefore(views["gpu1"], "goal-B"));
        Assert.Equal(0, chooser.Choose(pool, views, "llama", "goal-B"));

        // The flooding goal itself waits behind its own queue on gpu0 (5), so its next call goes to gpu1 (3).
        Assert.Equal(5, EndpointChooser.TurnsBefore(views["gpu0"], "goal-A"));
        Assert.Equal(1, chooser.Choose(pool, views, "llama", "goal-A"));
    }

    [Fact]
    public void Choose_TwoGoalsCompeting_EachGetsItsShareOfThePool()
    {
        // Two goals each send calls while the other's are still running: a pool of two idle GPUs serves both at once,
        // one device each, rather than queueing one goal behind the other.
        var chooser = new EndpointChooser();
        var pool = new[] { Gpu("a", "gpu0"), Gpu("b", "gpu1") };

        var first = chooser.Choose(pool, Views(Device("gpu0"), Device("gpu1")), "llama", "goal-A");
        var busy = first == 0
            ? Views(Device("gpu0", loaded: "llama", holder: "goal-A"), Device("gpu1"))
            : Views(Device("gpu0"), Device("gpu1", loaded: "llama", holder: "goal-A"));
        var second = chooser.Choose(pool, busy, "llama", "goal-B");

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Choose_SaturatedEndpoint_IsAvoidedWhileAnotherHasRoom()
    {
        var chooser = new EndpointChooser();
        var pool = new[] { Http("full", inFlight: 4, max: 4), Http("roomy", inFlight: 3, max: 8) };

        Assert.All(Enumerable.Range(0, 4).Select(_ => chooser.Choose(pool, Views(), "m", "g")), i => Assert.Equal(1, i));
    }

    [Fact]
    public void Choose_AllSaturated_TheLeastLoadedStillGetsTheCall()
    {
        var chooser = new EndpointChooser();
        var pool = new[] { Http("a", inFlight: 6, max: 2), Http("b", inFlight: 3, max: 2) };

        Assert.Equal(1, chooser.Choose(pool, Views(), "m", "g"));
    }

    [Fact]
    public void Choose_RestingEndpoint_IsPassedOverWhileAnotherIsAwake_AndUsedWhenAllRest()
    {
        var chooser = new EndpointChooser();
        var pool = new[] { Http("broken", resting: true), Http("busy", inFlight: 3, max: 4) };
        var allResting = new[] { Http("a", resting: true), Http("b", resting: true) };

        Assert.All(Enumerable.Range(0, 3).Select(_ => chooser.Choose(pool, Views(), "m", "g")), i => Assert.Equal(1, i));
        Assert.Equal([0, 1], Enumerable.Range(0, 2).Select(_ => chooser.Choose(allResting, Views(), "m", "g")));
    }

    [Fact]
    public void Choose_GpuWhoseDeviceDidNotAnswer_IsPassedOver_EvenForABusyOne()
    {
        var chooser = new EndpointChooser();
        var pool = new[] { Gpu("a", "gpu0"), Gpu("b", "gpu1") };
        var views = Views(Device("gpu1", holder: "goal-9", queue: Queue(("goal-8", 3))));

        Assert.Equal(1, chooser.Choose(pool, views, "llama", "goal-1"));
    }

    [Fact]
    public void Choose_RestingGpuEndpoint_LosesItsAffinity()
    {
        var chooser = new EndpointChooser();
        var pool = new[] { Gpu("a", "gpu0", resting: true), Gpu("b", "gpu1") };
        var views = Views(Device("gpu0", loaded: "llama"), Device("gpu1", holder: "goal-9"));

        Assert.Equal(1, chooser.Choose(pool, views, "llama", "goal-1"));
    }

    private static EndpointCandidate Gpu(string name, string device, bool resting = false) => new(name, device, 0, 4, resting);

    private static EndpointCandidate Http(string name, int inFlight = 0, int max = 4, bool resting = false) => new(name, null, inFlight, max, resting);

    private static Dictionary<string, GpuDeviceView> Views(params GpuDeviceView[] views) => views.ToDictionary(v => v.DeviceId, StringComparer.Ordinal);

    private static List<GpuQueueEntryView> Queue(params (string Requester, int Queued)[] entries) =>
        entries.Where(e => e.Queued > 0).Select(e => new GpuQueueEntryView(e.Requester, e.Queued)).ToList();

    private static GpuDeviceView Device(string id, string? loaded = null, string? holder = null, List<GpuQueueEntryView>? queue = null) =>
        new(id, null, holder is null ? null : Lease(id, holder, loaded), queue ?? [], 1, loaded, 0, 0, 0);

    private static GpuLease Lease(string device, string requester, string? model) =>
        new(device, "node", "0", "r-" + requester, requester, GpuTier.High, model, 1, Now, Now.AddMinutes(1), Now.AddHours(1), TimeSpan.FromMinutes(1));
}
