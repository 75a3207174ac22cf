using PAI.Abstractions.Goals;
using PAI.Schedules.Calendar;

namespace PAI.Schedules.Tests;

public sealed class ScheduleCalendarTests
{
    private static readonly DateTimeOffset Anchor = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ScheduleCalendar Cron(string cron, string? zone = null)
    {
        var errors = new List<PlanError>();
        var calendar = ScheduleCalendar.TryCreate(cron, null, zone, Anchor, errors);
        Assert.True(calendar is not null, string.Join("; ", errors.Select(e => e.Message)));
        return calendar;
    }

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    [Fact]
    public void NextAfter_FiveFieldCronInUtc_IsTheNextMatchingMinute()
    {
        var calendar = Cron("0 9 * * *");

        Assert.Equal(Utc(2025, 1, 1, 9), calendar.NextAfter(Utc(2025, 1, 1, 8, 59, 59)));
        Assert.Equal(Utc(2025, 1, 2, 9), calendar.NextAfter(Utc(2025, 1, 1, 9)));
        Assert.Equal([Utc(2025, 1, 2, 9), Utc(2025, 1, 3, 9), Utc(2025, 1, 4, 9)], calendar.Upcoming(Utc(2025, 1, 1, 10), 3));
    }

    [Fact]
    public void NextAfter_SixFieldCron_ReadsSecondsFirst()
    {
        var calendar = Cron("*/15 * * * * *");

        Assert.Equal(Utc(2025, 1, 1, 10, 0, 15), calendar.NextAfter(Utc(2025, 1, 1, 10, 0, 1)));
        Assert.Equal(Utc(2025, 1, 1, 10, 0, 0), calendar.LatestAtOrBefore(Utc(2025, 1, 1, 10, 0, 14)));
    }

    [Fact]
    public void NextAfter_CronInBerlin_FollowsTheLocalClockAcrossSummerTime()
    {
        var calendar = Cron("0 9 * * *", "Europe/Berlin");

        Assert.Equal(Utc(2025, 1, 15, 8), calendar.NextAfter(Utc(2025, 1, 15, 0)));
        Assert.Equal(Utc(2025, 7, 15, 7), calendar.NextAfter(Utc(2025, 7, 15, 0)));
    }

    [Fact]
    public void NextAfter_LocalTimeInTheSpringGap_FiresOnceAtTheEndOfTheGap()
    {
        // New York, 9 March 2025: 02:00 EST jumps to 03:00 EDT, so 02:30 does not exist that day.
        var calendar = Cron("30 2 * * *", "America/New_York");

        Assert.Equal(Utc(2025, 3, 8, 7, 30), calendar.NextAfter(Utc(2025, 3, 8, 0)));
        Assert.Equal(Utc(2025, 3, 9, 7), calendar.NextAfter(Utc(2025, 3, 8, 7, 30)));
        Assert.Equal(Utc(2025, 3, 10, 6, 30), calendar.NextAfter(Utc(2025, 3, 9, 7)));
        Assert.Equal(Utc(2025, 3, 9, 7), calendar.LatestAtOrBefore(Utc(2025, 3, 9, 7)));
        Assert.Equal(Utc(2025, 3, 9, 7), calendar.LatestAtOrBefore(Utc(2025, 3, 9, 12)));
        Assert.Equal(Utc(2025, 3, 8, 7, 30), calendar.LatestAtOrBefore(Utc(2025, 3, 9, 6, 59, 59)));
    }

    [Fact]
    public void NextAfter_LocalTimeInTheAutumnOverlap_FiresOnce()
    {
        // New York, 2 November 2025: 02:00 EDT falls back to 01:00 EST, so 01:30 happens twice; the job runs once.
        var calendar = Cron("30 1 * * *", "America/New_York");

        Assert.Equal(Utc(2025, 11, 2, 5, 30), calendar.NextAfter(Utc(2025, 11, 2, 0)));
        Assert.Equal(Utc(2025, 11, 3, 6, 30), calendar.NextAfter(Utc(2025, 11, 2, 5, 30)));
    }

    [Fact]
    public void LatestAtOrBefore_CronInATimeZone_IsTheLastDueFireTime()
    {
        var calendar = Cron("0 9 * * 1-5", "Europe/Berlin");

        // Sunday 12 January 2025, noon UTC: the last weekday 09:00 Berlin was Friday the 10th, 08:00 UTC.
        Assert.Equal(Utc(2025, 1, 10, 8), calendar.LatestAtOrBefore(Utc(2025, 1, 12, 12)));
        Assert.Equal(Utc(2025, 1, 10, 8), calendar.LatestAtOrBefore(Utc(2025, 1, 10, 8)));
    }

    [Fact]
    public void Every_TwoSeconds_CountsFromTheAnchorCutToWholeSeconds()
    {
        var errors = new List<PlanError>();
        var calendar = ScheduleCalendar.TryCreate(null, TimeSpan.FromSeconds(2), null, Utc(2025, 1, 1, 10).AddMilliseconds(300), errors)!;

        Assert.Null(calendar.LatestAtOrBefore(Utc(2025, 1, 1, 10, 0, 1)));
        Assert.Equal(Utc(2025, 1, 1, 10, 0, 2), calendar.NextAfter(Utc(2025, 1, 1, 10).AddMilliseconds(500)));
        Assert.Equal(Utc(2025, 1, 1, 10, 0, 4), calendar.LatestAtOrBefore(Utc(2025, 1, 1, 10, 0, 5)));
        Assert.Equal(Utc(2025, 1, 1, 10, 0, 6), calendar.NextAfter(Utc(2025, 1, 1, 10, 0, 4)));
    }

    [Theory]
    [InlineData("0 9 * *", null, null, "cron")]
    [InlineData("0 9 * * * * *", null, null, "cron")]
    [InlineData("61 * * * *", null, null, "cron")]
    [InlineData("0 9 * * *", "Mars/Olympus_Mons", null, "timeZone")]
    [InlineData(null, null, null, "cron")]
    [InlineData("0 9 * * *", null, 60, "cron")]
    [InlineData(null, null, 0, "every")]
    [InlineData(null, "Europe/Berlin", 60, "timeZone")]
    public void TryCreate_BadInput_NamesTheField(string? cron, string? zone, int? everySeconds, string field)
    {
        var errors = new List<PlanError>();

        var calendar = ScheduleCalendar.TryCreate(cron, everySeconds is { } s ? TimeSpan.FromSeconds(s) : null, zone, Anchor, errors);

        Assert.Null(calendar);
        Assert.Contains(errors, e => e.Path == field);
    }

    [Fact]
    public void TryCreate_FractionalIntervalOrHugeCron_IsRefused()
    {
        var errors = new List<PlanError>();

        Assert.Null(ScheduleCalendar.TryCreate(null, TimeSpan.FromMilliseconds(1500), null, Anchor, errors));
        Assert.Null(ScheduleCalendar.TryCreate(new string('*', 10_000), null, null, Anchor, errors));
        Assert.Equal(["every", "cron"], errors.Select(e => e.Path));
    }
}
