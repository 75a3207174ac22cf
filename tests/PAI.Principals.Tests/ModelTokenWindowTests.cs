using Microsoft.Extensions.Time.Testing;
using PAI.Abstractions.Principals;
using PAI.Principals.Quotas;

namespace PAI.Principals.Tests;

public sealed class ModelTokenWindowTests
{
    private static readonly QuotaLimits Limit1000 = new(MaxModelTokensPerDay: 1000);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 10, 30, 0, TimeSpan.Zero));

    [Fact]
    public void Add_SameHour_SumsIntoOneBucket_NextHourStartsAnother()
    {
        var buckets = ModelTokenWindow.Add([], _time.GetUtcNow(), 100);
        _time.Advance(TimeSpan.FromMinutes(20));
        buckets = ModelTokenWindow.Add(buckets, _time.GetUtcNow(), 50);
        _time.Advance(TimeSpan.FromMinutes(20));
        buckets = ModelTokenWindow.Add(buckets, _time.GetUtcNow(), 7);

        Assert.Equal(
            [new TokenBucket(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), 150), new TokenBucket(new DateTimeOffset(2026, 12, 1, 11, 0, 0, TimeSpan.Zero), 7)],
            buckets);
        Assert.Equal(157, ModelTokenWindow.Used(buckets, _time.GetUtcNow()));
    }

    [Fact]
    public void Used_TokensCountUntilTheirHourEndsADayLater_AtLeast24AndAtMost25Hours()
    {
        var buckets = ModelTokenWindow.Add([], _time.GetUtcNow(), 300); // 10:30, in the 10:00-11:00 hour

        _time.Advance(TimeSpan.FromHours(24)); // 10:30 the next day
        Assert.Equal(300, ModelTokenWindow.Used(buckets, _time.GetUtcNow()));
        _time.Advance(TimeSpan.FromMinutes(29)); // 10:59
        Assert.Equal(300, ModelTokenWindow.Used(buckets, _time.GetUtcNow()));
        _time.Advance(TimeSpan.FromMinutes(1)); // 11:00 the next day: the hour has left the window
        Assert.Equal(0, ModelTokenWindow.Used(buckets, _time.GetUtcNow()));
    }

    [Theory]
    [InlineData(999, false)]
    [InlineData(1000, true)]
    [InlineData(5000, true)]
    public void Check_RefusesAtOrOverTheLimit_NamingTheQuota(long used, bool refused)
    {
        var buckets = ModelTokenWindow.Add([], _time.GetUtcNow(), used);

        var refusal = ModelTokenWindow.Check("bob", Limit1000, buckets, _time.GetUtcNow());

        Assert.Equal(refused, refusal is not null);
        if (refusal is not null)
        {
            Assert.Equal("modelTokensPerDay", refusal.Quota);
            Assert.Contains("'bob'", refusal.Message, StringComparison.Ordinal);
            Assert.Contains("modelTokensPerDay", refusal.Message, StringComparison.Ordinal);
            Assert.Contains($"used {used} model tokens", refusal.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Check_NoTokenLimit_NeverRefuses()
    {
        var buckets = ModelTokenWindow.Add([], _time.GetUtcNow(), long.MaxValue);

        Assert.Null(ModelTokenWindow.Check("bob", new QuotaLimits(MaxRunningGoals: 1), buckets, _time.GetUtcNow()));
        Assert.Null(ModelTokenWindow.Check("bob", QuotaLimits.None, buckets, _time.GetUtcNow()));
    }

    [Fact]
    public void Check_RetryAfter_IsTheTimeUntilEnoughOldHoursLeaveTheWindow()
    {
        // 600 at 01:10, 300 at 05:40, 200 at 10:30 -> 1100 of 1000. Dropping the 01:00 hour (at 02:00 the next day)
        // leaves 500, under the limit: that is when budget frees.
        var start = new DateTimeOffset(2026, 12, 1, 1, 10, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(start);
        var buckets = ModelTokenWindow.Add([], time.GetUtcNow(), 600);
        time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 5, 40, 0, TimeSpan.Zero));
        buckets = ModelTokenWindow.Add(buckets, time.GetUtcNow(), 300);
        time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 10, 30, 0, TimeSpan.Zero));
        buckets = ModelTokenWindow.Add(buckets, time.GetUtcNow(), 200);

        var refusal = ModelTokenWindow.Check("bob", Limit1000, buckets, time.GetUtcNow());

        var freesAt = new DateTimeOffset(2026, 12, 2, 2, 0, 0, TimeSpan.Zero);
        Assert.Equal(freesAt, ModelTokenWindow.FreesAt(buckets, time.GetUtcNow(), 1000));
        Assert.Equal(freesAt - time.GetUtcNow(), refusal!.RetryAfter);

        // Just before that moment still refused (with a retry of at least a second), at it admitted.
        time.SetUtcNow(freesAt - TimeSpan.FromMilliseconds(10));
        Assert.Equal(TimeSpan.FromSeconds(1), ModelTokenWindow.Check("bob", Limit1000, buckets, time.GetUtcNow())!.RetryAfter);
        time.SetUtcNow(freesAt);
        Assert.Null(ModelTokenWindow.Check("bob", Limit1000, buckets, time.GetUtcNow()));
        Assert.Equal(500, ModelTokenWindow.Used(buckets, time.GetUtcNow()));
    }

    [Fact]
    public void FreesAt_UnderTheLimit_IsNow()
    {
        var buckets = ModelTokenWindow.Add([], _time.GetUtcNow(), 10);

        Assert.Equal(_time.GetUtcNow(), ModelTokenWindow.FreesAt(buckets, _time.GetUtcNow(), 1000));
    }

    [Fact]
    public void Add_ForDays_KeepsAtMost25Hours()
    {
        var buckets = new List<TokenBucket>();
        for (var i = 0; i < 24 * 3 * 4; i++)
        {
            buckets = ModelTokenWindow.Add(buckets, _time.GetUtcNow(), 10);
            _time.Advance(TimeSpan.FromMinutes(15));
        }

        Assert.InRange(buckets.Count, 24, 25);
        Assert.True(buckets.SequenceEqual(buckets.OrderBy(b => b.Hour)));
    }

    [Fact]
    public void Add_ZeroOrNegative_AddsNothingOrIsRefused()
    {
        Assert.Empty(ModelTokenWindow.Add([], _time.GetUtcNow(), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelTokenWindow.Add([], _time.GetUtcNow(), -1));
    }

    [Fact]
    public void HourOf_AnOffsetTime_IsTheUtcHour()
    {
        var local = new DateTimeOffset(2026, 12, 1, 12, 45, 10, TimeSpan.FromHours(2));

        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), ModelTokenWindow.HourOf(local));
    }
}
