using Microsoft.Extensions.Logging;
using PAI.Abstractions.Gpu;

namespace PAI.Gpu.Jobs;

/// <summary>
/// Runs work under a lease: refuses a stale fencing token before starting, heartbeats while the command runs, and
/// kills the command's process group as soon as the lease is lost, the caller cancels or the timeout passes.
/// </summary>
public sealed partial class GpuJobRunner(IGrainFactory grains, GpuProcessRunner processes, TimeProvider time, ILogger<GpuJobRunner> logger)
{
    /// <summary>Runs <paramref name="spec"/> on the leased device.</summary>
    /// <exception cref="StaleFencingTokenException">The lease's token is not the device's live one.</exception>
    public async Task<GpuJobResult> RunAsync(
        GpuLease lease, GpuProcessSpec spec, TimeSpan timeout, Action<string> onLine, Action<int>? onStarted, CancellationToken cancellationToken)
    {
        var device = grains.GetGrain<IGpuDeviceGrain>(lease.DeviceId);
        if (!await device.ValidateTokenAsync(lease.FencingToken))
        {
            throw new StaleFencingTokenException($"fencing token {lease.FencingToken} is not the live lease of {lease.DeviceId}: work refused");
        }

        using var leaseLost = new CancellationTokenSource();
        using var timedOut = new CancellationTokenSource(timeout, time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, leaseLost.Token, timedOut.Token);
        using var heartbeatsDone = new CancellationTokenSource();
        var heartbeats = HeartbeatAsync(device, lease, leaseLost, heartbeatsDone.Token);
        GpuProcessResult result;
        try
        {
            result = await processes.RunAsync(spec, onLine, onStarted, stop.Token);
        }
        finally
        {
            await heartbeatsDone.CancelAsync();
            await heartbeats;
        }

        var outcome = !result.Killed ? GpuJobOutcome.Exited
            : leaseLost.IsCancellationRequested ? GpuJobOutcome.LeaseLost
            : cancellationToken.IsCancellationRequested ? GpuJobOutcome.Cancelled
            : GpuJobOutcome.TimedOut;
        return new GpuJobResult(outcome, result);
    }

    private async Task HeartbeatAsync(IGpuDeviceGrain device, GpuLease lease, CancellationTokenSource leaseLost, CancellationToken done)
    {
        var interval = lease.Ttl / 3;
        var expiresAt = lease.ExpiresAt;
        while (!done.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, done);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                var beat = await device.HeartbeatAsync(lease.RequestId, lease.FencingToken);
                if (!beat.Accepted)
                {
                    LogLeaseLost(logger, lease.DeviceId, lease.FencingToken, beat.CurrentToken);
                    await leaseLost.CancelAsync();
                    return;
                }

                expiresAt = beat.ExpiresAt ?? expiresAt;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The device grain is unreachable: keep trying until the lease would have expired anyway.
                LogHeartbeatFailed(logger, ex, lease.DeviceId);
                if (time.GetUtcNow() >= expiresAt)
                {
                    await leaseLost.CancelAsync();
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease on {DeviceId} with token {FencingToken} lost (device epoch {Epoch}): killing the job")]
    private static partial void LogLeaseLost(ILogger logger, string deviceId, long fencingToken, long epoch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat to {DeviceId} failed")]
    private static partial void LogHeartbeatFailed(ILogger logger, Exception exception, string deviceId);
}
