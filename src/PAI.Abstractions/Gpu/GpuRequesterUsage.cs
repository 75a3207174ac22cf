namespace PAI.Abstractions.Gpu;

/// <summary>What one requester got from a device over the recent window: the fairness a person wants to see.</summary>
/// <param name="Requester">The requester (a goal id, or a principal with <c>FairnessScope: principal</c>).</param>
/// <param name="Grants">Leases granted to it in the window.</param>
/// <param name="Held">How long it held the device in the window.</param>
[GenerateSerializer, Immutable]
public sealed record GpuRequesterUsage(
    [property: Id(0)] string Requester,
    [property: Id(1)] int Grants,
    [property: Id(2)] TimeSpan Held);
