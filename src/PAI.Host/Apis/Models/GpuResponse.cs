using System.ComponentModel;
using PAI.Abstractions.Gpu;

namespace PAI.Host.Apis.Models;

/// <summary>A GPU as <c>GET /api/gpus</c> lists it: the device, its holder, its queue, its utilisation.</summary>
public sealed record GpuResponse(
    string Id,
    string? Node,
    string? Index,
    string? Uuid,
    string? Name,
    [property: Description("How the device was found: nvml, nvidia-smi or config.")] string? Source,
    long? MemoryTotalMiB,
    long? MemoryUsedMiB,
    int? UtilizationPercent,
    [property: Description("Share of time held since the device activated (0-1).")] double BusyFraction,
    [property: Description("The current fencing epoch.")] long Epoch,
    string? LoadedModel,
    GpuHolderResponse? Holder,
    int QueueLength,
    IReadOnlyList<GpuQueueEntryResponse> Queue,
    long Grants,
    long Expiries)
{
    /// <summary>From the pool's view of the device; requesters (other principals' goals and steps) only when <paramref name="showRequesters"/>.</summary>
    public static GpuResponse From(GpuDeviceView v, bool showRequesters) => new(
        v.DeviceId,
        v.Info?.Node,
        v.Info?.Index,
        v.Info?.Uuid,
        v.Info?.Name,
        v.Info?.Source,
        v.Info?.MemoryTotalMiB,
        v.Info?.MemoryUsedMiB,
        v.Info?.UtilizationPercent,
        v.BusyFraction,
        v.Epoch,
        v.LoadedModel,
        v.Holder is { } h ? new GpuHolderResponse(showRequesters ? h.Requester : null, showRequesters ? h.RequestId : null, h.Tier.ToString().ToLowerInvariant(), h.Model, h.FencingToken, h.GrantedAt, h.ExpiresAt) : null,
        v.QueueLength,
        v.Queue.Select(q => new GpuQueueEntryResponse(showRequesters ? q.Requester : null, q.Queued)).ToList(),
        v.Grants,
        v.Expiries);
}
