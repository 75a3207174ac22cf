using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Gpu;
using PAI.Abstractions.Storage;
using PAI.Engine.Persistence;
using PAI.Gpu.Placement;

namespace PAI.Gpu.Grains;

/// <summary>
/// One GPU. Grants one lease at a time, rotating round-robin between requesters; a lease ends on release, when its
/// holder stops heartbeating for a TTL, or at its tier's hard length. Every grant increments a persisted epoch, the
/// fencing token, before the grant is visible to anyone.
/// </summary>
[GpuNodePlacement]
public sealed partial class GpuDeviceGrain : Grain, IGpuDeviceGrain
{
    private static readonly TimeSpan MaxLongPoll = TimeSpan.FromSeconds(20);

    private readonly IPersistentState<GpuDeviceState> _state;
    private readonly ResilientStateWriter<GpuDeviceState> _writer;
    private readonly GpuOptions _options;
    private readonly GpuMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<GpuDeviceGrain> _logger;
    private readonly Dictionary<string, TaskCompletionSource> _waiters = new(StringComparer.Ordinal);
    private Task _durable = Task.CompletedTask;
    private GpuDeviceInfo? _telemetry;
    private DateTimeOffset _activatedAt;
    private DateTimeOffset? _busySince;
    private TimeSpan _busyTotal;
    private long _grants;
    private long _expiries;
    private IGrainTimer? _expiryTimer;
    private GpuUsageHistory _usage = new(DateTimeOffset.MinValue);

    /// <summary>Creates the grain.</summary>
    public GpuDeviceGrain(
        [PersistentState("gpu-device", StorageNames.Grains)] IPersistentState<GpuDeviceState> state,
        IOptions<GpuOptions> options,
        GpuMetrics metrics,
        TimeProvider time,
        ILogger<GpuDeviceGrain> logger)
    {
        _state = state;
        _options = options.Value;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _writer = new ResilientStateWriter<GpuDeviceState>(state, logger, time);
    }

    private GpuDeviceState State => _state.State;

    private string DeviceId => this.GetPrimaryKeyString();

    private DateTimeOffset Now => _time.GetUtcNow();

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activatedAt = Now;
        _usage = new GpuUsageHistory(_activatedAt);
        if (State.Holder is { } holder)
        {
            _usage.Granted(holder.Requester, Now);
            // Heartbeats are not persisted: give a holder that survived our restart one TTL to be heard from again.
            var grace = Min(holder.MaxEndsAt, Max(holder.ExpiresAt, Now + _options.LeaseTtl));
            State.Holder = holder with { ExpiresAt = grace };
            _busySince = Now;
        }

        var period = TimeSpan.FromTicks(Math.Clamp(_options.LeaseTtl.Ticks / 10, TimeSpan.FromMilliseconds(20).Ticks, TimeSpan.FromSeconds(1).Ticks));
        _expiryTimer = this.RegisterGrainTimer(
            CheckExpiryAsync,
            new GrainTimerCreationOptions { DueTime = period, Period = period, Interleave = false, KeepAlive = true });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _expiryTimer?.Dispose();
        foreach (var waiter in _waiters.Values)
        {
            waiter.TrySetResult();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task RegisterAsync(GpuDeviceInfo info)
    {
        _telemetry = info;
        _usage.Probed(Now, info.UtilizationPercent);
        var identity = info with { MemoryUsedMiB = null, UtilizationPercent = null };
        if (State.Info != identity)
        {
            State.Info = identity;
            await WriteAsync();
        }
    }

    /// <inheritdoc />
    public async Task<GpuRequestState> EnqueueAsync(GpuLeaseRequest request)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.RequestId);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Requester);
        if (State.Holder?.RequestId == request.RequestId || IndexOf(request.RequestId) >= 0)
        {
            await _durable;
            return StateOf(request.RequestId);
        }

        GpuLeaseRotation.Enqueue(State, new GpuQueuedRequest(request, Now));

        LogQueued(_logger, DeviceId, request.RequestId, request.Requester, State.Queue.Count);
        var granted = GrantNext();
        await WriteAsync();
        Notify(granted);
        return StateOf(request.RequestId);
    }

    /// <inheritdoc />
    public async Task<GpuRequestState> WaitForGrantAsync(string requestId, TimeSpan maxWait)
    {
        if (State.Holder?.RequestId != requestId && IndexOf(requestId) >= 0)
        {
            if (!_waiters.TryGetValue(requestId, out var waiter))
            {
                waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters[requestId] = waiter;
            }

            var wait = maxWait < MaxLongPoll ? maxWait : MaxLongPoll;
            try
            {
                await waiter.Task.WaitAsync(wait, _time);
            }
            catch (TimeoutException)
            {
                // Still queued: the caller polls again.
            }
        }

        // A grant is only visible once its epoch is durable.
        await _durable;
        return StateOf(requestId);
    }

    /// <inheritdoc />
    public Task<GpuHeartbeatResult> HeartbeatAsync(string requestId, long fencingToken)
    {
        if (State.Holder is { } holder && holder.RequestId == requestId && holder.FencingToken == fencingToken && Now < holder.ExpiresAt)
        {
            var expiresAt = Min(holder.MaxEndsAt, Now + _options.LeaseTtl);
            State.Holder = holder with { ExpiresAt = expiresAt };
            return Task.FromResult(new GpuHeartbeatResult(true, expiresAt, State.Epoch));
        }

        RejectStale(requestId, fencingToken, "heartbeat");
        return Task.FromResult(new GpuHeartbeatResult(false, null, State.Epoch));
    }

    /// <inheritdoc />
    public async Task<bool> ReleaseAsync(string requestId, long fencingToken)
    {
        if (State.Holder is { } holder && holder.RequestId == requestId)
        {
            if (holder.FencingToken != fencingToken)
            {
                RejectStale(requestId, fencingToken, "release");
                return false;
            }

            LogReleased(_logger, DeviceId, requestId, fencingToken);
            EndLease();
            var granted = GrantNext();
            await WriteAsync();
            Notify(granted);
            return true;
        }

        if (IndexOf(requestId) >= 0)
        {
            return await CancelAsync(requestId);
        }

        if (fencingToken < State.Epoch)
        {
            RejectStale(requestId, fencingToken, "release");
        }

        return false;
    }

    /// <inheritdoc />
    public async Task<bool> CancelAsync(string requestId)
    {
        if (State.Holder?.RequestId == requestId)
        {
            LogReleased(_logger, DeviceId, requestId, State.Holder.FencingToken);
            EndLease();
        }
        else if (!GpuLeaseRotation.Remove(State, requestId))
        {
            return false;
        }

        var granted = GrantNext();
        await WriteAsync();
        Notify(granted);
        if (_waiters.Remove(requestId, out var waiter))
        {
            waiter.TrySetResult();
        }

        return true;
    }

    /// <inheritdoc />
    public Task<bool> ValidateTokenAsync(long fencingToken)
    {
        if (State.Holder is { } holder && holder.FencingToken == fencingToken && Now < holder.ExpiresAt)
        {
            return Task.FromResult(true);
        }

        RejectStale(State.Holder?.RequestId ?? "(none)", fencingToken, "validate");
        return Task.FromResult(false);
    }

    /// <inheritdoc />
    public Task<GpuDeviceView> GetViewAsync()
    {
        var queue = State.Rotation
            .Select(r => new GpuQueueEntryView(r, State.Queue.Count(q => q.Request.Requester == r)))
            .ToList();
        return Task.FromResult(new GpuDeviceView(
            DeviceId, _telemetry ?? State.Info, State.Holder, queue, State.Epoch, State.LoadedModel, BusyFraction(), _grants, _expiries, _usage.Samples(Now), _usage.Requesters(Now)));
    }

    private async Task CheckExpiryAsync(CancellationToken cancellationToken)
    {
        if (State.Holder is { } holder && Now >= holder.ExpiresAt)
        {
            _expiries++;
            _metrics.Expired(DeviceId);
            LogExpired(_logger, DeviceId, holder.RequestId, holder.Requester, holder.FencingToken);
            EndLease();
            var granted = GrantNext();
            await WriteAsync();
            Notify(granted);
        }

        _metrics.SetBusyFraction(DeviceId, BusyFraction());
    }

    /// <summary>Grants the next request in round-robin order when the device is free; the caller persists, then notifies.</summary>
    private string? GrantNext()
    {
        if (State.Holder is not null || GpuLeaseRotation.TakeNext(State) is not { } next)
        {
            return null;
        }

        var now = Now;
        State.Epoch++;
        var maxEnds = now + _options.LeaseLength(next.Request.Tier);
        var info = State.Info;
        State.Holder = new GpuLease(
            DeviceId,
            info?.Node ?? GpuDeviceKey.NodeOf(DeviceId),
            info?.Index ?? "0",
            next.Request.RequestId,
            next.Request.Requester,
            next.Request.Tier,
            next.Request.Model,
            State.Epoch,
            now,
            Min(maxEnds, now + _options.LeaseTtl),
            maxEnds,
            _options.LeaseTtl);
        State.LoadedModel = next.Request.Model ?? State.LoadedModel;
        _grants++;
        _busySince = now;
        _usage.Granted(next.Request.Requester, now);
        _metrics.Granted(DeviceId, next.Request.Tier, now - next.EnqueuedAt);
        LogGranted(_logger, DeviceId, next.Request.RequestId, next.Request.Requester, State.Epoch, now - next.EnqueuedAt);
        return next.Request.RequestId;
    }

    private void Notify(string? grantedRequestId)
    {
        if (grantedRequestId is not null && _waiters.Remove(grantedRequestId, out var waiter))
        {
            waiter.TrySetResult();
        }
    }

    private void EndLease()
    {
        if (_busySince is { } since)
        {
            _busyTotal += Now - since;
            _busySince = null;
        }

        _usage.Ended(Now);
        State.Holder = null;
    }

    private async Task WriteAsync()
    {
        var write = _writer.WriteAsync();
        _durable = write;
        await write;
    }

    private void RejectStale(string requestId, long fencingToken, string operation)
    {
        _metrics.StaleToken(DeviceId, operation);
        LogStaleToken(_logger, DeviceId, operation, requestId, fencingToken, State.Epoch);
    }

    private GpuRequestState StateOf(string requestId)
    {
        if (State.Holder is { } holder && holder.RequestId == requestId)
        {
            return new GpuRequestState(DeviceId, GpuRequestStatus.Granted, holder, State.Queue.Count);
        }

        return new GpuRequestState(DeviceId, IndexOf(requestId) >= 0 ? GpuRequestStatus.Queued : GpuRequestStatus.Unknown, null, State.Queue.Count);
    }

    private int IndexOf(string requestId) => State.Queue.FindIndex(q => q.Request.RequestId == requestId);

    private double BusyFraction()
    {
        var elapsed = Now - _activatedAt;
        var busy = _busyTotal + (_busySince is { } since ? Now - since : TimeSpan.Zero);
        return elapsed <= TimeSpan.Zero ? 0 : Math.Clamp(busy / elapsed, 0, 1);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
