namespace PAI.Abstractions.Gpu;

/// <summary>The cluster's registry of GPU devices; routes a request to a device (model affinity, then queue length).</summary>
public interface IGpuPoolGrain : IGrainWithStringKey
{
    /// <summary>Adds or updates a device.</summary>
    Task RegisterDeviceAsync(GpuDeviceInfo info);

    /// <summary>Every registered device.</summary>
    Task<IReadOnlyList<GpuDeviceInfo>> GetDevicesAsync();

    /// <summary>Chooses a device and queues the request there; the answer names the device.</summary>
    Task<GpuRequestState> RequestAsync(GpuLeaseRequest request);

    /// <summary>Every device's view.</summary>
    Task<IReadOnlyList<GpuDeviceView>> GetViewAsync();
}
