using PAI.Abstractions.Gpu;
using PAI.Engine.Persistence;

namespace PAI.Gpu.Grains;

/// <summary>The persisted state of one device: the fencing epoch, the holder and the queue survive restarts.</summary>
[GenerateSerializer]
public sealed class GpuDeviceState : IRevisioned
{
    /// <inheritdoc />
    [Id(0)] public long Revision { get; set; }

    /// <inheritdoc />
    [Id(8)] public string? WriterId { get; set; }

    /// <summary>What discovery found (identity fields; telemetry is kept in memory only).</summary>
    [Id(1)] public GpuDeviceInfo? Info { get; set; }

    /// <summary>The fencing epoch: incremented and persisted before each grant, so a token is never handed out twice.</summary>
    [Id(2)] public long Epoch { get; set; }

    /// <summary>The current lease, if any.</summary>
    [Id(3)] public GpuLease? Holder { get; set; }

    /// <summary>Waiting requests, oldest first.</summary>
    [Id(4)] public List<GpuQueuedRequest> Queue { get; set; } = [];

    /// <summary>Requesters with waiting requests, in the order they will next be served.</summary>
    [Id(5)] public List<string> Rotation { get; set; } = [];

    /// <summary>The model of the last lease that named one (affinity).</summary>
    [Id(6)] public string? LoadedModel { get; set; }

    /// <summary>The requester served last: it goes behind anyone else waiting, even one that arrived after it left the rotation.</summary>
    [Id(7)] public string? LastRequester { get; set; }
}
