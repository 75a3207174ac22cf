using PAI.Abstractions.Gpu;

namespace PAI.Gpu.Grains;

/// <summary>A request waiting on a device, with when it arrived (for the queue-wait metric).</summary>
/// <param name="Request">The request.</param>
/// <param name="EnqueuedAt">When the device queued it.</param>
[GenerateSerializer, Immutable]
public sealed record GpuQueuedRequest(
    [property: Id(0)] GpuLeaseRequest Request,
    [property: Id(1)] DateTimeOffset EnqueuedAt);
