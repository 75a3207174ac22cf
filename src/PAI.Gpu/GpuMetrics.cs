using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using PAI.Abstractions.Gpu;

namespace PAI.Gpu;

/// <summary>The <c>PAI.Gpu</c> meter: queue wait per tier, busy fraction per device, expiries, stale-token rejections.</summary>
public sealed class GpuMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "PAI.Gpu";

    private readonly ConcurrentDictionary<string, double> _busy = new(StringComparer.Ordinal);
    private readonly Histogram<double> _queueWait;
    private readonly Counter<long> _grants;
    private readonly Counter<long> _expiries;
    private readonly Counter<long> _staleTokens;

    /// <summary>Creates the instruments.</summary>
    public GpuMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _queueWait = meter.CreateHistogram<double>("pai.gpu.queue_wait", "s", "Time from request to grant, per tier.");
        _grants = meter.CreateCounter<long>("pai.gpu.grants", "{lease}", "Leases granted.");
        _expiries = meter.CreateCounter<long>("pai.gpu.lease_expiries", "{lease}", "Leases lost because heartbeats stopped or the tier's length ran out.");
        _staleTokens = meter.CreateCounter<long>("pai.gpu.stale_token_rejections", "{call}", "Heartbeats, releases and jobs refused for a stale fencing token.");
        meter.CreateObservableGauge("pai.gpu.busy_fraction", ObserveBusy, "1", "Share of time a device was leased since it activated.");
    }

    /// <summary>Stale-token rejections counted by this process (tests read it).</summary>
    public long StaleTokenRejections => Interlocked.Read(ref _staleCount);

    /// <summary>Lease expiries counted by this process.</summary>
    public long LeaseExpiries => Interlocked.Read(ref _expiryCount);

    private long _staleCount;
    private long _expiryCount;

    /// <summary>Records a grant and how long the request waited.</summary>
    public void Granted(string deviceId, GpuTier tier, TimeSpan waited)
    {
        var tierTag = new KeyValuePair<string, object?>("tier", tier.ToString().ToLowerInvariant());
        _queueWait.Record(waited.TotalSeconds, tierTag);
        _grants.Add(1, tierTag, new KeyValuePair<string, object?>("device", deviceId));
    }

    /// <summary>Records an expired lease.</summary>
    public void Expired(string deviceId)
    {
        Interlocked.Increment(ref _expiryCount);
        _expiries.Add(1, new KeyValuePair<string, object?>("device", deviceId));
    }

    /// <summary>Records a refused stale token.</summary>
    public void StaleToken(string deviceId, string operation)
    {
        Interlocked.Increment(ref _staleCount);
        _staleTokens.Add(1, new KeyValuePair<string, object?>("device", deviceId), new KeyValuePair<string, object?>("operation", operation));
    }

    /// <summary>Publishes a device's busy fraction.</summary>
    public void SetBusyFraction(string deviceId, double fraction) => _busy[deviceId] = fraction;

    private IEnumerable<Measurement<double>> ObserveBusy() =>
        _busy.Select(kv => new Measurement<double>(kv.Value, new KeyValuePair<string, object?>("device", kv.Key)));
}
