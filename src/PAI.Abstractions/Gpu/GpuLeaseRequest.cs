namespace PAI.Abstractions.Gpu;

/// <summary>A request to hold one GPU.</summary>
/// <param name="RequestId">Stable id chosen by the caller; asking again with the same id finds the same request.</param>
/// <param name="Requester">Who asks (principal or goal); grants rotate round-robin between requesters.</param>
/// <param name="Tier">Quality tier; sets the lease's maximum length.</param>
/// <param name="Model">Model the job will use, if any: devices where it is already loaded are preferred.</param>
[GenerateSerializer, Immutable]
public sealed record GpuLeaseRequest(
    [property: Id(0)] string RequestId,
    [property: Id(1)] string Requester,
    [property: Id(2)] GpuTier Tier,
    [property: Id(3)] string? Model = null);
