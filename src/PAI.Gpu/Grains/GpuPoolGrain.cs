using Microsoft.Extensions.Logging;
using PAI.Abstractions.Gpu;
using PAI.Abstractions.Storage;
using PAI.Engine.Persistence;

namespace PAI.Gpu.Grains;

/// <summary>
/// The cluster's device registry. Routes a request to the least-loaded reachable device, preferring one where the
/// request's model is already loaded unless that device is clearly busier. Devices whose machine is not in the
/// cluster cannot activate and are skipped.
/// </summary>
public sealed partial class GpuPoolGrain : Grain, IGpuPoolGrain
{
    // A device with the model loaded is preferred while its load is at most this much above the least-loaded one.
    private const int AffinitySlack = 1;
    private static readonly TimeSpan ViewTimeout = TimeSpan.FromSeconds(5);

    private readonly IPersistentState<GpuPoolState> _state;
    private readonly ResilientStateWriter<GpuPoolState> _writer;
    private readonly ILogger<GpuPoolGrain> _logger;
    private int _tieBreak;

    /// <summary>Creates the grain.</summary>
    public GpuPoolGrain(
        [PersistentState("gpu-pool", StorageNames.Grains)] IPersistentState<GpuPoolState> state,
        TimeProvider time,
        ILogger<GpuPoolGrain> logger)
    {
        _state = state;
        _logger = logger;
        _writer = new ResilientStateWriter<GpuPoolState>(state, logger, time);
    }

    /// <inheritdoc />
    public async Task RegisterDeviceAsync(GpuDeviceInfo info)
    {
        var identity = info with { MemoryUsedMiB = null, UtilizationPercent = null };
        if (_state.State.Devices.TryGetValue(info.DeviceId, out var known) && known == identity)
        {
            return;
        }

        _state.State.Devices[info.DeviceId] = identity;
        await _writer.WriteAsync();
        LogRegistered(_logger, info.DeviceId, info.Name, info.Source);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<GpuDeviceInfo>> GetDevicesAsync() =>
        Task.FromResult<IReadOnlyList<GpuDeviceInfo>>(_state.State.Devices.Values.OrderBy(d => d.DeviceId, StringComparer.Ordinal).ToList());

    /// <inheritdoc />
    public async Task<GpuRequestState> RequestAsync(GpuLeaseRequest request)
    {
        var views = await ReachableViewsAsync();
        if (views.Count == 0)
        {
            throw new InvalidOperationException(_state.State.Devices.Count == 0
                ? "no GPU devices are registered in the cluster"
                : "no registered GPU device is reachable: their machines are not in the cluster");
        }

        var chosen = Choose(views, request.Model);
        return await GrainFactory.GetGrain<IGpuDeviceGrain>(chosen.DeviceId).EnqueueAsync(request);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<GpuDeviceView>> GetViewAsync() => await ReachableViewsAsync();

    private GpuDeviceView Choose(List<GpuDeviceView> views, string? model)
    {
        static int Load(GpuDeviceView v) => v.QueueLength + (v.Holder is null ? 0 : 1);

        var least = views.Min(Load);
        if (model is not null)
        {
            var warm = views.Where(v => v.LoadedModel == model && Load(v) <= least + AffinitySlack).ToList();
            if (warm.Count > 0)
            {
                return PickTie(warm, warm.Min(Load), Load);
            }
        }

        return PickTie(views, least, Load);
    }

    private GpuDeviceView PickTie(List<GpuDeviceView> views, int load, Func<GpuDeviceView, int> loadOf)
    {
        var tied = views.Where(v => loadOf(v) == load).ToList();
        return tied[(int)((uint)_tieBreak++ % (uint)tied.Count)];
    }

    private async Task<List<GpuDeviceView>> ReachableViewsAsync()
    {
        var calls = _state.State.Devices.Keys
            .OrderBy(k => k, StringComparer.Ordinal)
            .Select(async id =>
            {
                try
                {
                    return await GrainFactory.GetGrain<IGpuDeviceGrain>(id).GetViewAsync().WaitAsync(ViewTimeout);
                }
                catch (Exception ex) when (ex is OrleansException or TimeoutException or SiloUnavailableException)
                {
                    LogUnreachable(_logger, id, ex.Message);
                    return null;
                }
            })
            .ToList();
        var views = await Task.WhenAll(calls);
        return views.OfType<GpuDeviceView>().ToList();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "GPU pool: registered {DeviceId} ({Name}, from {Source})")]
    private static partial void LogRegistered(ILogger logger, string deviceId, string name, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GPU pool: device {DeviceId} is unreachable: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string deviceId, string reason);
}
