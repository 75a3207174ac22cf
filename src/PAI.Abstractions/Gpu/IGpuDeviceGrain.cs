using Orleans.Concurrency;

namespace PAI.Abstractions.Gpu;

/// <summary>One GPU, keyed <c>node/uuid-or-index</c> and placed on that node's silo; grants leases round-robin
/// between requesters, with a TTL, heartbeats and a fencing token.</summary>
public interface IGpuDeviceGrain : IGrainWithStringKey
{
    /// <summary>Records what discovery found; called by the node's silo at start and on each probe.</summary>
    Task RegisterAsync(GpuDeviceInfo info);

    /// <summary>Queues a request (idempotent by request id) and grants it at once when the device is free.</summary>
    Task<GpuRequestState> EnqueueAsync(GpuLeaseRequest request);

    /// <summary>Waits up to <paramref name="maxWait"/> for the request to be granted (long poll).</summary>
    [AlwaysInterleave]
    Task<GpuRequestState> WaitForGrantAsync(string requestId, TimeSpan maxWait);

    /// <summary>Extends the lease; refused when the token is not the current holder's.</summary>
    Task<GpuHeartbeatResult> HeartbeatAsync(string requestId, long fencingToken);

    /// <summary>Ends the lease (when the token is current) or drops the queued request; true when something ended.</summary>
    Task<bool> ReleaseAsync(string requestId, long fencingToken);

    /// <summary>Drops a queued request, or ends the lease it holds; true when something ended.</summary>
    Task<bool> CancelAsync(string requestId);

    /// <summary>True when the token belongs to the live lease; job runners call it before and while running work.</summary>
    Task<bool> ValidateTokenAsync(long fencingToken);

    /// <summary>Holder, queue, epoch and utilisation.</summary>
    [AlwaysInterleave]
    Task<GpuDeviceView> GetViewAsync();
}
