using Microsoft.Extensions.Logging;
using PAI.Abstractions.Gpu;

namespace PAI.Models.Gateway;

/// <summary>
/// A GPU lease held for one model call: heartbeats while the call runs, released when it ends. A caller that crashes
/// stops heartbeating, and the device grain expires the lease after its TTL (fencing makes a late release harmless).
/// </summary>
internal sealed partial class GpuLeaseHold : IAsyncDisposable
{
    private readonly IGpuDeviceGrain _device;
    private readonly GpuLease _lease;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _heartbeats;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    private GpuLeaseHold(IGpuDeviceGrain device, GpuLease lease, TimeProvider time, ILogger logger)
    {
        _device = device;
        _lease = lease;
        _time = time;
        _logger = logger;
        _heartbeats = HeartbeatAsync();
    }

    /// <summary>The lease.</summary>
    public GpuLease Lease => _lease;

    /// <summary>Queues on the device and waits for the grant (at most <paramref name="maxWait"/>).</summary>
    public static async Task<GpuLeaseHold> AcquireAsync(
        IGrainFactory grains, string deviceId, GpuLeaseRequest request, TimeSpan maxWait, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var device = grains.GetGrain<IGpuDeviceGrain>(deviceId);
        var started = time.GetTimestamp();
        var granted = false;
        try
        {
            var state = await device.EnqueueAsync(request);
            while (state.Status == GpuRequestStatus.Queued)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var left = maxWait - time.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    throw new ModelCallException($"waited {maxWait} for GPU '{deviceId}' without a lease", retryable: true);
                }

                state = await device.WaitForGrantAsync(request.RequestId, left < TimeSpan.FromSeconds(20) ? left : TimeSpan.FromSeconds(20));
            }

            if (state.Status != GpuRequestStatus.Granted || state.Lease is null)
            {
                throw new ModelCallException($"the lease request on GPU '{deviceId}' ended before it was granted", retryable: true);
            }

            granted = true;
            ModelTelemetry.QueueWait.Record(time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("gpu", deviceId));
            return new GpuLeaseHold(device, state.Lease, time, logger);
        }
        finally
        {
            if (!granted)
            {
                await CancelQuietlyAsync(device, request.RequestId, logger);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _heartbeats;
        _stop.Dispose();
        try
        {
            await _device.ReleaseAsync(_lease.RequestId, _lease.FencingToken);
        }
        catch (Exception ex)
        {
            // Unreleased, the lease expires after its TTL.
            LogReleaseFailed(_logger, ex, _lease.DeviceId);
        }
    }

    private async Task HeartbeatAsync()
    {
        var interval = _lease.Ttl / 3;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, _time, _stop.Token);
                var beat = await _device.HeartbeatAsync(_lease.RequestId, _lease.FencingToken);
                if (!beat.Accepted)
                {
                    // The call goes on (the server is not ours to stop); the device already serves someone else.
                    LogLeaseLost(_logger, _lease.DeviceId, _lease.FencingToken);
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                LogHeartbeatFailed(_logger, ex, _lease.DeviceId);
            }
        }
    }

    private static async Task CancelQuietlyAsync(IGpuDeviceGrain device, string requestId, ILogger logger)
    {
        try
        {
            await device.CancelAsync(requestId);
        }
        catch (Exception ex)
        {
            LogReleaseFailed(logger, ex, requestId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "GPU lease on {DeviceId} (token {Token}) lost during a model call")]
    private static partial void LogLeaseLost(ILogger logger, string deviceId, long token);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GPU lease heartbeat to {DeviceId} failed")]
    private static partial void LogHeartbeatFailed(ILogger logger, Exception exception, string deviceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GPU lease release or cancel for {Target} failed; it expires after its TTL")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string target);
}
