using Cronos;
using PAI.Abstractions.Goals;

namespace PAI.Schedules.Calendar;

/// <summary>
/// When a schedule fires: a cron expression read in a time zone (Cronos: 5 fields, or 6 with seconds first; daylight
/// saving as Cronos defines it: a time in the spring gap fires at the end of the gap, a time in the autumn overlap fires
/// once), or a fixed interval counted from an anchor. Pure: no clock, every instant is passed in and fire times are UTC.
/// </summary>
public sealed class ScheduleCalendar
{
    /// <summary>Longest cron expression accepted.</summary>
    public const int MaxCronLength = 120;

    /// <summary>Longest time zone id accepted.</summary>
    public const int MaxTimeZoneLength = 64;

    /// <summary>Shortest interval.</summary>
    public static readonly TimeSpan MinEvery = TimeSpan.FromSeconds(1);

    /// <summary>Longest interval.</summary>
    public static readonly TimeSpan MaxEvery = TimeSpan.FromDays(366);

    private readonly CronExpression? _cron;
    private readonly TimeZoneInfo _zone;
    private readonly TimeSpan _every;
    private readonly DateTimeOffset _anchor;

    private ScheduleCalendar(CronExpression? cron, TimeZoneInfo zone, TimeSpan every, DateTimeOffset anchor)
    {
        _cron = cron;
        _zone = zone;
        _every = every;
        _anchor = anchor;
    }

    /// <summary>
    /// Builds a calendar from a cron expression (with a time zone, UTC when null) or an interval; null and errors naming
    /// the field (<paramref name="path"/> prefix) when they are wrong. <paramref name="anchor"/> (the schedule's creation,
    /// cut to whole seconds) is where an interval counts from.
    /// </summary>
    public static ScheduleCalendar? TryCreate(string? cron, TimeSpan? every, string? timeZone, DateTimeOffset anchor, List<PlanError> errors, string path = "")
    {
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        if ((cron is null) == (every is null))
        {
            errors.Add(new(path + "cron", "give either 'cron' or 'every'"));
            return null;
        }

        var zone = TimeZoneInfo.Utc;
        if (timeZone is not null && !TryFindZone(timeZone, out zone))
        {
            errors.Add(new(path + "timeZone", $"'{Shorten(timeZone)}' is not a known time zone (use an IANA id such as 'Europe/Berlin')"));
        }

        CronExpression? expression = null;
        if (cron is not null)
        {
            expression = TryParseCron(cron, out var error);
            if (expression is null)
            {
                errors.Add(new(path + "cron", error!));
            }
        }
        else if (every is { } interval)
        {
            if (timeZone is not null)
            {
                errors.Add(new(path + "timeZone", "a time zone applies to 'cron' only; an interval counts elapsed time"));
            }

            if (interval < MinEvery || interval > MaxEvery || interval.Ticks % TimeSpan.TicksPerSecond != 0)
            {
                errors.Add(new(path + "every", $"'every' must be whole seconds between {MinEvery.TotalSeconds:0} s and {MaxEvery.TotalDays:0} days"));
            }
        }

        return errors.Count > before ? null : new ScheduleCalendar(expression, zone, every ?? TimeSpan.Zero, TruncateToSecond(anchor));
    }

    /// <summary>The first fire time strictly after <paramref name="instant"/>, or null when there is none.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset instant)
    {
        if (_cron is not null)
        {
            return _cron.GetNextOccurrence(instant.ToUniversalTime(), _zone, inclusive: false)?.ToUniversalTime();
        }

        var first = _anchor + _every;
        if (instant < first)
        {
            return first;
        }

        var k = (instant - _anchor).Ticks / _every.Ticks + 1;
        return _anchor + TimeSpan.FromTicks(k * _every.Ticks);
    }

    /// <summary>The latest fire time at or before <paramref name="instant"/>, or null when there is none.</summary>
    public DateTimeOffset? LatestAtOrBefore(DateTimeOffset instant)
    {
        if (_cron is not null)
        {
            return LatestCronAtOrBefore(instant.ToUniversalTime());
        }

        var k = (instant - _anchor).Ticks / _every.Ticks;
        return k < 1 || instant < _anchor ? null : _anchor + TimeSpan.FromTicks(k * _every.Ticks);
    }

    /// <summary>
    /// Fire times are what <see cref="NextAfter"/> yields. Cronos's previous-occurrence search does not always agree
    /// with it at a daylight-saving gap (02:30 in New York's spring gap comes back as 01:59:59 EST, while the next
    /// occurrence is 03:00 EDT), so it is only used to find where to look; the answer is read forwards.
    /// </summary>
    private DateTimeOffset? LatestCronAtOrBefore(DateTimeOffset instant)
    {
        var bound = instant;
        for (var attempt = 0; attempt < 4; attempt++)
        {
            if (_cron!.GetPreviousOccurrence(bound, _zone, inclusive: true)?.ToUniversalTime() is not { } previous)
            {
                return null;
            }

            DateTimeOffset? latest = null;
            for (var next = NextAfter(previous.AddSeconds(-1)); next is { } at && at <= instant; next = NextAfter(at))
            {
                latest = at;
            }

            if (latest is not null)
            {
                return latest;
            }

            bound = previous.AddSeconds(-1);
        }

        return null;
    }

    /// <summary>The next <paramref name="count"/> fire times after <paramref name="instant"/>.</summary>
    public IReadOnlyList<DateTimeOffset> Upcoming(DateTimeOffset instant, int count)
    {
        var times = new List<DateTimeOffset>(count);
        var at = instant;
        while (times.Count < count && NextAfter(at) is { } next)
        {
            times.Add(next);
            at = next;
        }

        return times;
    }

    /// <summary>Finds a time zone by IANA id (or any id the system knows), bounded in length.</summary>
    public static bool TryFindZone(string id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (id.Length is 0 or > MaxTimeZoneLength)
        {
            return false;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out zone!);
    }

    private static CronExpression? TryParseCron(string cron, out string? error)
    {
        error = null;
        if (cron.Length is 0 or > MaxCronLength)
        {
            error = $"'cron' must be 1-{MaxCronLength} characters";
            return null;
        }

        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length;
        var format = fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        if (fields is not (5 or 6) && !cron.TrimStart().StartsWith('@'))
        {
            error = $"'{Shorten(cron)}' has {fields} fields; a cron expression has 5 (minute hour day month weekday) or 6 (second first)";
            return null;
        }

        try
        {
            if (CronExpression.TryParse(cron, format, out var expression))
            {
                return expression;
            }
        }
        catch (Exception ex) when (ex is CronFormatException or MissingSeedException or ArgumentException)
        {
            // Reported below, as for a plain parse failure.
        }

        error = $"'{Shorten(cron)}' is not a valid cron expression";
        return null;
    }

    private static DateTimeOffset TruncateToSecond(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
