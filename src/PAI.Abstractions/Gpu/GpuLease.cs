namespace PAI.Abstractions.Gpu;

/// <summary>A granted lease on one device.</summary>
/// <param name="DeviceId">The device grain's key, <c>node/uuid-or-index</c>.</param>
/// <param name="Node">The machine that has the device.</param>
/// <param name="DeviceIndex">What to put in <c>CUDA_VISIBLE_DEVICES</c> on that machine.</param>
/// <param name="RequestId">The request this lease answers.</param>
/// <param name="Requester">Who holds it.</param>
/// <param name="Tier">The request's tier.</param>
/// <param name="Model">The request's model, if any.</param>
/// <param name="FencingToken">The device's epoch at grant: only ever increases; work carrying an older token is refused.</param>
/// <param name="GrantedAt">When it was granted.</param>
/// <param name="ExpiresAt">When it ends unless heartbeated (never later than <see cref="MaxEndsAt"/>).</param>
/// <param name="MaxEndsAt">The tier's hard end, whatever the heartbeats.</param>
/// <param name="Ttl">How long the lease lives without a heartbeat.</param>
[GenerateSerializer, Immutable]
public sealed record GpuLease(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] string Node,
    [property: Id(2)] string DeviceIndex,
    [property: Id(3)] string RequestId,
    [property: Id(4)] string Requester,
    [property: Id(5)] GpuTier Tier,
    [property: Id(6)] string? Model,
    [property: Id(7)] long FencingToken,
    [property: Id(8)] DateTimeOffset GrantedAt,
    [property: Id(9)] DateTimeOffset ExpiresAt,
    [property: Id(10)] DateTimeOffset MaxEndsAt,
    [property: Id(11)] TimeSpan Ttl);
