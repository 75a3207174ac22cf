using System.Diagnostics.Metrics;

namespace PAI.Host.Faults;

/// <summary>
/// Whether this process's writes currently fail, as last seen by a request or a readiness probe. A request that hit a
/// fault reports it; <c>/readyz</c> stays unhealthy until a probe writes again (<see cref="StoreWritableCheck"/>),
/// and after a full disk the probe must write at least <see cref="BytesNeeded"/>.
/// </summary>
public sealed partial class StoreFaultState
{
    /// <summary>The meter of the host's own instruments.</summary>
    public const string MeterName = "PAI.Host";

    /// <summary>The smallest probe write: enough to notice a disk with no room for an ordinary step or goal.</summary>
    public const long MinimumProbeBytes = 64 * 1024;

    /// <summary>The largest probe write.</summary>
    public const long MaximumProbeBytes = 16 * 1024 * 1024;

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly ILogger<StoreFaultState> _logger;
    private readonly Counter<long> _faultResponses;
    private StorageFault? _current;
    private DateTimeOffset _since;
    private long _bytesNeeded = MinimumProbeBytes;

    /// <summary>Creates the state and its instruments.</summary>
    public StoreFaultState(TimeProvider time, ILogger<StoreFaultState> logger, IMeterFactory meters)
    {
        _time = time;
        _logger = logger;
        var meter = meters.Create(MeterName);
        _faultResponses = meter.CreateCounter<long>("pai.store.fault_responses", unit: "{response}", description: "Requests answered 503/507 because the store could not take the write, by kind.");
        meter.CreateObservableGauge("pai.store.writable", () => Current is null ? 1 : 0, unit: "{bool}", description: "1 while the last request or probe could write, 0 while a store fault stands.");
    }

    /// <summary>The fault that stands, or null while writes work.</summary>
    public StorageFault? Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>How many bytes a probe must write before the fault is considered over.</summary>
    public long BytesNeeded
    {
        get
        {
            lock (_lock)
            {
                return _bytesNeeded;
            }
        }
    }

    /// <summary>When the standing fault was first seen.</summary>
    public DateTimeOffset Since
    {
        get
        {
            lock (_lock)
            {
                return _since;
            }
        }
    }

    /// <summary>A request was answered with <paramref name="fault"/>; it had <paramref name="requestBytes"/> of body.</summary>
    public void ReportFromRequest(StorageFault fault, long? requestBytes)
    {
        _faultResponses.Add(1, new KeyValuePair<string, object?>("kind", fault.Kind.ToString()));
        Report(fault, fault.Kind == StorageFaultKind.DiskFull ? 2 * (requestBytes ?? 0) : 0);
    }

    /// <summary>A probe failed with <paramref name="fault"/>.</summary>
    public void ReportFromProbe(StorageFault fault) => Report(fault, 0);

    /// <summary>A probe of <see cref="BytesNeeded"/> bytes succeeded: writes work again.</summary>
    public void Clear()
    {
        StorageFault? ended;
        DateTimeOffset since;
        lock (_lock)
        {
            ended = _current;
            since = _since;
            _current = null;
            _bytesNeeded = MinimumProbeBytes;
        }

        if (ended is not null)
        {
            LogFaultEnded(_logger, ended.Kind, (_time.GetUtcNow() - since).TotalSeconds);
        }
    }

    private void Report(StorageFault fault, long bytesNeeded)
    {
        bool began;
        lock (_lock)
        {
            began = _current is null;
            if (began)
            {
                _since = _time.GetUtcNow();
            }

            _current = fault;
            _bytesNeeded = Math.Clamp(Math.Max(_bytesNeeded, bytesNeeded), MinimumProbeBytes, MaximumProbeBytes);
        }

        if (began)
        {
            LogFaultBegan(_logger, fault.Kind, fault.Reason);
        }
    }
}
