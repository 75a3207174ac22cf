namespace PAI.Abstractions.Gpu;

/// <summary>The answer to a lease request or a wait for one.</summary>
/// <param name="DeviceId">The device the request is queued on.</param>
/// <param name="Status">Queued, granted or unknown.</param>
/// <param name="Lease">The lease when granted.</param>
/// <param name="QueueLength">Requests waiting on the device.</param>
[GenerateSerializer, Immutable]
public sealed record GpuRequestState(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] GpuRequestStatus Status,
    [property: Id(2)] GpuLease? Lease,
    [property: Id(3)] int QueueLength);
