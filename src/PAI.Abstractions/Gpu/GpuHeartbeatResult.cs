namespace PAI.Abstractions.Gpu;

/// <summary>The answer to a heartbeat.</summary>
/// <param name="Accepted">False when the token is stale: the lease is gone and the holder must stop at once.</param>
/// <param name="ExpiresAt">The lease's new expiry when accepted.</param>
/// <param name="CurrentToken">The device's current epoch.</param>
[GenerateSerializer, Immutable]
public sealed record GpuHeartbeatResult(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] DateTimeOffset? ExpiresAt,
    [property: Id(2)] long CurrentToken);
