using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Gpu;

namespace PAI.Gpu.Discovery;

/// <summary>
/// When the silo is active, registers this node's devices with their grains and the pool, then re-probes
/// periodically (utilisation, memory). Registration retries until it lands, so a slow store does not lose a device.
/// </summary>
public sealed partial class GpuRegistrar(
    GpuDiscovery discovery,
    IGrainFactory grains,
    IOptions<GpuOptions> options,
    TimeProvider time,
    ILogger<GpuRegistrar> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _firstRegistration = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;

    /// <summary>Completes once this node's devices were registered the first time.</summary>
    public Task Registered => _firstRegistration.Task;

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(GpuRegistrar), ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var devices = await discovery.DiscoverAsync(cancellationToken);
                var pool = grains.GetGrain<IGpuPoolGrain>(GpuDeviceKey.PoolKey);
                foreach (var device in devices)
                {
                    await grains.GetGrain<IGpuDeviceGrain>(device.DeviceId).RegisterAsync(device);
                    await pool.RegisterDeviceAsync(device);
                }

                if (_firstRegistration.TrySetResult())
                {
                    LogDiscovered(logger, options.Value.NodeName, devices.Count, string.Join(", ", devices.Select(d => $"{d.DeviceId} ({d.Name}, {d.Source})")));
                }

                failures = 0;
                await Task.Delay(options.Value.ProbeInterval, time, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                LogRegistrationFailed(logger, ex, failures);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 100 * failures * failures)), time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "GPU discovery on node {Node}: {Count} device(s) {Devices}")]
    private static partial void LogDiscovered(ILogger logger, string node, int count, string devices);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GPU registration failed (try {Attempt}); retrying")]
    private static partial void LogRegistrationFailed(ILogger logger, Exception exception, int attempt);
}
