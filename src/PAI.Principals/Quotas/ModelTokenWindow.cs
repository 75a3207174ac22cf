using System.Globalization;
using PAI.Abstractions.Principals;

namespace PAI.Principals.Quotas;

/// <summary>
/// The day of <see cref="QuotaLimits.MaxModelTokensPerDay"/>: a rolling 24 hours, counted in whole clock hours. Tokens
/// used during an hour count until that hour ends a day later (10:00-11:00 today counts until 11:00 tomorrow), so a
/// token always counts for at least 24 hours and at most 25, and the state is at most 25 numbers per principal. Pure:
/// the time is passed in.
/// </summary>
public static class ModelTokenWindow
{
    /// <summary>The quota's name in refusals (<c>quota</c> in problem details).</summary>
    public const string QuotaName = "modelTokensPerDay";

    /// <summary>How long tokens count, at least.</summary>
    public static readonly TimeSpan Day = TimeSpan.FromHours(24);

    /// <summary>The granularity of the count.</summary>
    public static readonly TimeSpan Bucket = TimeSpan.FromHours(1);

    /// <summary>The start of the clock hour <paramref name="now"/> is in (UTC).</summary>
    public static DateTimeOffset HourOf(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % Bucket.Ticks), TimeSpan.Zero);
    }

    /// <summary>When the tokens of <paramref name="bucket"/> stop counting.</summary>
    public static DateTimeOffset ExpiresAt(TokenBucket bucket)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        return bucket.Hour + Bucket + Day;
    }

    /// <summary>The buckets still counting at <paramref name="now"/>, oldest first, with <paramref name="tokens"/> added to
    /// the current hour (zero adds nothing).</summary>
    public static List<TokenBucket> Add(IEnumerable<TokenBucket> buckets, DateTimeOffset now, long tokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        var live = Live(buckets, now);
        if (tokens == 0)
        {
            return live;
        }

        var hour = HourOf(now);
        var index = live.FindIndex(b => b.Hour == hour);
        if (index >= 0)
        {
            live[index] = live[index] with { Tokens = Saturating(live[index].Tokens, tokens) };
        }
        else
        {
            live.Add(new TokenBucket(hour, tokens));
            live.Sort((a, b) => a.Hour.CompareTo(b.Hour));
        }

        return live;
    }

    /// <summary>Tokens that count at <paramref name="now"/>.</summary>
    public static long Used(IEnumerable<TokenBucket> buckets, DateTimeOffset now) =>
        Live(buckets, now).Aggregate(0L, (sum, b) => Saturating(sum, b.Tokens));

    /// <summary>When the use drops under <paramref name="limit"/> again as hours leave the window: <paramref name="now"/>
    /// when it is under already.</summary>
    public static DateTimeOffset FreesAt(IEnumerable<TokenBucket> buckets, DateTimeOffset now, long limit)
    {
        var live = Live(buckets, now);
        var used = live.Aggregate(0L, (sum, b) => Saturating(sum, b.Tokens));
        foreach (var bucket in live)
        {
            if (used < limit)
            {
                break;
            }

            used -= bucket.Tokens;
            now = ExpiresAt(bucket);
        }

        return now;
    }

    /// <summary>Null while the principal is under its limit (or has none); else the refusal, with the time until the
    /// window frees budget as its <see cref="QuotaRefusal.RetryAfter"/> (at least a second).</summary>
    public static QuotaRefusal? Check(string principal, QuotaLimits limits, IEnumerable<TokenBucket> buckets, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (limits.MaxModelTokensPerDay is not { } limit)
        {
            return null;
        }

        var live = Live(buckets, now);
        var used = Used(live, now);
        if (used < limit)
        {
            return null;
        }

        var wait = FreesAt(live, now, limit) - now;
        if (wait < TimeSpan.FromSeconds(1))
        {
            wait = TimeSpan.FromSeconds(1);
        }

        return new QuotaRefusal(
            QuotaName,
            string.Create(CultureInfo.InvariantCulture, $"principal '{principal}' used {used} model tokens in the last 24 hours; its quota ({QuotaName}) is {limit}, and budget frees in {Describe(wait)}"),
            wait);
    }

    private static List<TokenBucket> Live(IEnumerable<TokenBucket> buckets, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var live = buckets.Where(b => ExpiresAt(b) > now && b.Tokens > 0).ToList();
        live.Sort((a, b) => a.Hour.CompareTo(b.Hour));
        return live;
    }

    private static long Saturating(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private static string Describe(TimeSpan wait) =>
        wait.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)wait.TotalHours} h {wait.Minutes} min")
        : wait.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)wait.TotalMinutes} min")
        : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} s");
}
