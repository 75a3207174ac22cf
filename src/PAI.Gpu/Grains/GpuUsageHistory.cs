using PAI.Abstractions.Gpu;

namespace PAI.Gpu.Grains;

/// <summary>
/// A device's last hour, kept in memory by its grain: who held it from when to when, and the hardware utilisation the
/// probes read. Answers a per-minute series (for a sparkline) and grants and held time per requester (for fairness).
/// Pure: time is passed in. Bounded: spans older than the window are dropped, and at most <see cref="MaxSpans"/>
/// spans and <see cref="MaxProbes"/> probe readings are kept whatever the rate.
/// </summary>
public sealed class GpuUsageHistory
{
    /// <summary>How far back the history reaches.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>The width of one sample.</summary>
    public static readonly TimeSpan Bucket = TimeSpan.FromMinutes(1);

    /// <summary>The most lease spans kept (the oldest go first).</summary>
    public const int MaxSpans = 10_000;

    /// <summary>The most probe readings kept (the oldest go first).</summary>
    public const int MaxProbes = 2_000;

    /// <summary>The most requesters listed.</summary>
    public const int MaxRequesters = 50;

    private readonly Queue<Span> _spans = new();
    private readonly Queue<(DateTimeOffset At, int Percent)> _probes = new();
    private readonly DateTimeOffset _since;
    private Span? _open;

    /// <summary>Starts an empty history at <paramref name="since"/> (minutes before it have no data).</summary>
    public GpuUsageHistory(DateTimeOffset since) => _since = since;

    /// <summary>Samples in one window: <see cref="Window"/> divided by <see cref="Bucket"/>.</summary>
    public static int SampleCount => (int)(Window / Bucket);

    /// <summary>A lease was granted to <paramref name="requester"/> (ending any lease still open).</summary>
    public void Granted(string requester, DateTimeOffset at)
    {
        Ended(at);
        _open = new Span(requester, at, null);
    }

    /// <summary>The current lease ended (released, expired or cancelled).</summary>
    public void Ended(DateTimeOffset at)
    {
        if (_open is { } open)
        {
            _spans.Enqueue(open with { End = at < open.Start ? open.Start : at });
            _open = null;
        }

        Trim(at);
    }

    /// <summary>A probe read <paramref name="percent"/> utilisation (null: the device does not report it).</summary>
    public void Probed(DateTimeOffset at, int? percent)
    {
        if (percent is { } p)
        {
            _probes.Enqueue((at, Math.Clamp(p, 0, 100)));
        }

        Trim(at);
    }

    /// <summary>The last hour as <see cref="SampleCount"/> whole minutes, oldest first; the last is the minute of
    /// <paramref name="now"/>, measured up to now.</summary>
    public IReadOnlyList<GpuUsageSample> Samples(DateTimeOffset now)
    {
        var lastStart = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % Bucket.Ticks), TimeSpan.Zero);
        var first = lastStart - ((SampleCount - 1) * Bucket);

        // One pass over the spans and readings (each lands in the buckets it overlaps), not one per bucket.
        var held = new long[SampleCount];
        foreach (var span in AllSpans())
        {
            var start = span.Start > first ? span.Start : first;
            var end = span.End ?? now;
            end = end < now ? end : now;
            for (var i = BucketOf(start, first); i < SampleCount && end > start; i++)
            {
                var bucketEnd = first + ((i + 1) * Bucket);
                var until = end < bucketEnd ? end : bucketEnd;
                held[i] += (until - start).Ticks;
                start = until;
            }
        }

        var sums = new long[SampleCount];
        var counts = new int[SampleCount];
        foreach (var (at, percent) in _probes)
        {
            var i = BucketOf(at, first);
            if (at >= first && i < SampleCount)
            {
                sums[i] += percent;
                counts[i]++;
            }
        }

        var samples = new GpuUsageSample[SampleCount];
        for (var i = 0; i < SampleCount; i++)
        {
            var start = first + (i * Bucket);
            var from = start < _since ? _since : start;
            var to = start + Bucket < now ? start + Bucket : now;
            double? busy = to > from ? Math.Clamp((double)held[i] / (to - from).Ticks, 0, 1) : null;
            int? utilisation = counts[i] > 0 ? (int)Math.Round((double)sums[i] / counts[i], MidpointRounding.AwayFromZero) : null;
            samples[i] = new GpuUsageSample(start, busy, utilisation);
        }

        return samples;
    }

    private static int BucketOf(DateTimeOffset at, DateTimeOffset first) => at <= first ? 0 : (int)Math.Min((at - first).Ticks / Bucket.Ticks, int.MaxValue);

    /// <summary>Grants and held time per requester over the last hour, most held first (at most
    /// <see cref="MaxRequesters"/>).</summary>
    public IReadOnlyList<GpuRequesterUsage> Requesters(DateTimeOffset now)
    {
        var from = now - Window;
        return AllSpans()
            .Where(s => (s.End ?? now) > from)
            .GroupBy(s => s.Requester, StringComparer.Ordinal)
            .Select(g => new GpuRequesterUsage(
                g.Key,
                g.Count(s => s.Start >= from),
                TimeSpan.FromTicks(g.Sum(s => Overlap(s, from, now, now).Ticks))))
            .OrderByDescending(r => r.Held)
            .ThenByDescending(r => r.Grants)
            .ThenBy(r => r.Requester, StringComparer.Ordinal)
            .Take(MaxRequesters)
            .ToList();
    }

    private IEnumerable<Span> AllSpans() => _open is { } open ? _spans.Append(open) : _spans;

    private static TimeSpan Overlap(Span span, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        var start = span.Start > from ? span.Start : from;
        var end = span.End ?? now;
        end = end < to ? end : to;
        return end > start ? end - start : TimeSpan.Zero;
    }

    private void Trim(DateTimeOffset now)
    {
        // A span is kept while it may overlap the oldest sample (one bucket older than the window).
        var horizon = now - Window - Bucket;
        while (_spans.Count > 0 && (_spans.Count > MaxSpans || _spans.Peek().End < horizon))
        {
            _spans.Dequeue();
        }

        while (_probes.Count > 0 && (_probes.Count > MaxProbes || _probes.Peek().At < horizon))
        {
            _probes.Dequeue();
        }
    }

    private sealed record Span(string Requester, DateTimeOffset Start, DateTimeOffset? End);
}
