namespace PAI.Abstractions.Gpu;

/// <summary>Where a lease request stands.</summary>
[GenerateSerializer]
public enum GpuRequestStatus
{
    /// <summary>Waiting in the device's queue.</summary>
    Queued = 0,

    /// <summary>Holding the device; see the lease.</summary>
    Granted = 1,

    /// <summary>The device does not know the request: it was released, expired, cancelled or never made.</summary>
    Unknown = 2,
}
