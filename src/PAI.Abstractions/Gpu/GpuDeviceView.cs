namespace PAI.Abstractions.Gpu;

/// <summary>A device as <c>GET /api/gpus</c> shows it.</summary>
/// <param name="DeviceId">The device key.</param>
/// <param name="Info">What discovery knows.</param>
/// <param name="Holder">The current lease, if any.</param>
/// <param name="Queue">Waiting requests per requester, in round-robin order.</param>
/// <param name="Epoch">The current fencing epoch.</param>
/// <param name="LoadedModel">The model of the last lease (affinity).</param>
/// <param name="BusyFraction">Share of time held since the device activated.</param>
/// <param name="Grants">Leases granted since the device activated.</param>
/// <param name="Expiries">Leases that expired since the device activated.</param>
/// <param name="Usage">The last hour, one sample per minute, oldest first (null from a device that keeps none).</param>
/// <param name="Requesters">Grants and held time per requester over the last hour, most held first.</param>
[GenerateSerializer, Immutable]
public sealed record GpuDeviceView(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] GpuDeviceInfo? Info,
    [property: Id(2)] GpuLease? Holder,
    [property: Id(3)] IReadOnlyList<GpuQueueEntryView> Queue,
    [property: Id(4)] long Epoch,
    [property: Id(5)] string? LoadedModel,
    [property: Id(6)] double BusyFraction,
    [property: Id(7)] long Grants,
    [property: Id(8)] long Expiries,
    [property: Id(9)] IReadOnlyList<GpuUsageSample>? Usage = null,
    [property: Id(10)] IReadOnlyList<GpuRequesterUsage>? Requesters = null)
{
    /// <summary>Requests waiting, all requesters together.</summary>
    public int QueueLength => Queue.Sum(q => q.Queued);
}
