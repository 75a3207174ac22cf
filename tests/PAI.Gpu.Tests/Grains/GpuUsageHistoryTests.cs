using PAI.Gpu.Grains;

namespace PAI.Gpu.Tests.Grains;

public sealed class GpuUsageHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Samples_OneHourOfWholeMinutes_LastIsTheCurrentMinuteAndBeforeActivationIsUnknown()
    {
        var history = new GpuUsageHistory(T0);
        var now = T0.AddMinutes(5).AddSeconds(30);

        var samples = history.Samples(now);

        Assert.Equal(60, samples.Count);
        Assert.Equal(T0.AddMinutes(5), samples[^1].Start);
        Assert.Equal(T0.AddMinutes(5 - 59), samples[0].Start);
        Assert.All(samples.Take(54), s => Assert.Null(s.BusyFraction));
        Assert.All(samples.Skip(54), s => Assert.Equal(0, s.BusyFraction));
    }

    [Fact]
    public void Samples_LeaseAcrossMinutes_EachMinuteGetsItsShare()
    {
        var history = new GpuUsageHistory(T0);

        // Held from 10:00:30 to 10:02:15: half of minute 0, all of minute 1, a quarter of minute 2.
        history.Granted("g1", T0.AddSeconds(30));
        history.Ended(T0.AddMinutes(2).AddSeconds(15));
        var samples = history.Samples(T0.AddMinutes(3).AddSeconds(30));

        var byStart = samples.ToDictionary(s => s.Start);
        Assert.Equal(0.5, byStart[T0].BusyFraction!.Value, 3);
        Assert.Equal(1.0, byStart[T0.AddMinutes(1)].BusyFraction!.Value, 3);
        Assert.Equal(0.25, byStart[T0.AddMinutes(2)].BusyFraction!.Value, 3);
        Assert.Equal(0, byStart[T0.AddMinutes(3)].BusyFraction);
    }

    [Fact]
    public void Samples_OpenLease_CountsUpToNowInTheCurrentMinute()
    {
        var history = new GpuUsageHistory(T0);
        history.Granted("g1", T0.AddSeconds(20));

        var last = history.Samples(T0.AddSeconds(40))[^1];

        // 20 s held out of the 40 s of this minute that have passed.
        Assert.Equal(0.5, last.BusyFraction!.Value, 3);
    }

    [Fact]
    public void Samples_ProbeReadings_AveragedPerMinuteAndNullWhereNone()
    {
        var history = new GpuUsageHistory(T0);
        history.Probed(T0.AddSeconds(10), 40);
        history.Probed(T0.AddSeconds(40), 61);
        history.Probed(T0.AddMinutes(1).AddSeconds(5), null);

        var samples = history.Samples(T0.AddMinutes(1).AddSeconds(30)).ToDictionary(s => s.Start);

        Assert.Equal(51, samples[T0].UtilizationPercent);
        Assert.Null(samples[T0.AddMinutes(1)].UtilizationPercent);
    }

    [Fact]
    public void Requesters_LastHour_GrantsAndHeldTimePerRequesterMostHeldFirst()
    {
        var history = new GpuUsageHistory(T0);
        history.Granted("a", T0);
        history.Ended(T0.AddMinutes(1));
        history.Granted("b", T0.AddMinutes(1));
        history.Ended(T0.AddMinutes(4));
        history.Granted("a", T0.AddMinutes(4));
        history.Ended(T0.AddMinutes(5));
        history.Granted("c", T0.AddMinutes(5));

        var requesters = history.Requesters(T0.AddMinutes(5).AddSeconds(30));

        Assert.Equal(["b", "a", "c"], requesters.Select(r => r.Requester));
        Assert.Equal((1, TimeSpan.FromMinutes(3)), (requesters[0].Grants, requesters[0].Held));
        Assert.Equal((2, TimeSpan.FromMinutes(2)), (requesters[1].Grants, requesters[1].Held));
        Assert.Equal((1, TimeSpan.FromSeconds(30)), (requesters[2].Grants, requesters[2].Held));
    }

    [Fact]
    public void Requesters_LeaseOlderThanTheWindow_IsForgottenAndOneAcrossItsEdgeCountsOnlyInside()
    {
        var history = new GpuUsageHistory(T0);
        history.Granted("old", T0);
        history.Ended(T0.AddMinutes(1));
        history.Granted("edge", T0.AddMinutes(30));
        history.Ended(T0.AddMinutes(90));

        var requesters = history.Requesters(T0.AddMinutes(120));

        var edge = Assert.Single(requesters);
        Assert.Equal("edge", edge.Requester);
        Assert.Equal(0, edge.Grants);
        Assert.Equal(TimeSpan.FromMinutes(30), edge.Held);
    }

    [Fact]
    public void Granted_ManyMoreLeasesThanKept_StaysBoundedAndKeepsTheNewest()
    {
        var history = new GpuUsageHistory(T0);
        var at = T0;
        for (var i = 0; i < GpuUsageHistory.MaxSpans + 500; i++)
        {
            history.Granted(i % 2 == 0 ? "even" : "odd", at);
            at = at.AddMilliseconds(100);
        }

        history.Ended(at);
        var requesters = history.Requesters(at);

        Assert.Equal(GpuUsageHistory.MaxSpans, requesters.Sum(r => r.Grants));
        Assert.Equal(60, history.Samples(at).Count);
    }
}
