using PAI.Abstractions.Gpu;
using PAI.Gpu.Grains;

namespace PAI.Gpu.Tests.Grains;

public sealed class GpuLeaseRotationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TakeNext_TwoGoalsQueuedOneBatchAfterTheOther_AlternatesUntilOneRunsOut()
    {
        var state = new GpuDeviceState();
        foreach (var id in new[] { "a1", "a2", "a3", "a4", "b1", "b2" })
        {
            GpuLeaseRotation.Enqueue(state, Request(id, "goal-" + id[0]));
        }

        var order = Drain(state);

        Assert.Equal(["a1", "b1", "a2", "b2", "a3", "a4"], order);
    }

    [Fact]
    public void TakeNext_AfterAThirdRequesterHeldTheDevice_TheWaitingGoalsAlternateFromTheFirstGrant()
    {
        var state = new GpuDeviceState();
        GpuLeaseRotation.Enqueue(state, Request("h", "holder"));
        Assert.Equal("h", GpuLeaseRotation.TakeNext(state)!.Request.RequestId);
        foreach (var id in new[] { "a1", "a2", "b1", "a3", "b2", "b3" })
        {
            GpuLeaseRotation.Enqueue(state, Request(id, "goal-" + id[0]));
        }

        Assert.Equal(["a1", "b1", "a2", "b2", "a3", "b3"], Drain(state));
        Assert.Empty(state.Rotation);
    }

    [Fact]
    public void TakeNext_RequesterServedLastReturnsAtOnce_GoesBehindOneThatWasAlreadyWaiting()
    {
        var state = new GpuDeviceState();
        GpuLeaseRotation.Enqueue(state, Request("a1", "a"));
        Assert.Equal("a1", GpuLeaseRotation.TakeNext(state)!.Request.RequestId);

        // a's queue emptied, so a left the rotation; it comes back before b, but b goes first.
        GpuLeaseRotation.Enqueue(state, Request("a2", "a"));
        GpuLeaseRotation.Enqueue(state, Request("b1", "b"));

        Assert.Equal(["b1", "a2"], Drain(state));
    }

    [Fact]
    public void Remove_LastWaitingRequestOfARequester_TakesItOutOfTheRotation()
    {
        var state = new GpuDeviceState();
        GpuLeaseRotation.Enqueue(state, Request("a1", "a"));
        GpuLeaseRotation.Enqueue(state, Request("b1", "b"));

        Assert.True(GpuLeaseRotation.Remove(state, "a1"));
        Assert.False(GpuLeaseRotation.Remove(state, "a1"));

        Assert.Equal(["b"], state.Rotation);
        Assert.Equal(["b1"], Drain(state));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TakeNext_RandomEnqueuesGrantsAndCancels_NoOneIsServedTwiceWhileAnotherWaits(int seed)
    {
        var random = new Random(seed);
        var state = new GpuDeviceState();
        var requesters = new[] { "a", "b", "c", "d" };

        // served[y][x]: grants to x since y last started waiting (queued with nothing waiting, or was served).
        var served = requesters.ToDictionary(r => r, _ => new Dictionary<string, int>(StringComparer.Ordinal), StringComparer.Ordinal);
        var next = 0;
        for (var step = 0; step < 2_000; step++)
        {
            var roll = random.Next(10);
            if (roll < 5)
            {
                var requester = requesters[random.Next(requesters.Length)];
                if (!Waiting(state, requester))
                {
                    served[requester].Clear();
                }

                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    GpuLeaseRotation.Enqueue(state, Request($"r{next++}", requester));
                }
            }
            else if (roll < 9)
            {
                if (GpuLeaseRotation.TakeNext(state) is { } granted)
                {
                    var winner = granted.Request.Requester;
                    served[winner].Clear();
                    foreach (var other in requesters.Where(r => r != winner && Waiting(state, r)))
                    {
                        var count = served[other].GetValueOrDefault(winner) + 1;
                        served[other][winner] = count;
                        Assert.True(count <= 1, $"seed {seed}, step {step}: {winner} was served twice while {other} waited");
                    }
                }
            }
            else if (state.Queue.Count > 0)
            {
                GpuLeaseRotation.Remove(state, state.Queue[random.Next(state.Queue.Count)].Request.RequestId);
            }

            // The rotation is exactly the requesters with waiting requests, each once.
            Assert.Equal(
                state.Queue.Select(q => q.Request.Requester).Distinct().Order(StringComparer.Ordinal),
                state.Rotation.Order(StringComparer.Ordinal));
        }
    }

    private static bool Waiting(GpuDeviceState state, string requester) => state.Queue.Exists(q => q.Request.Requester == requester);

    private static List<string> Drain(GpuDeviceState state)
    {
        var order = new List<string>();
        while (GpuLeaseRotation.TakeNext(state) is { } next)
        {
            order.Add(next.Request.RequestId);
        }

        return order;
    }

    private static GpuQueuedRequest Request(string id, string requester) => new(new GpuLeaseRequest(id, requester, GpuTier.Draft, null), T0);
}
