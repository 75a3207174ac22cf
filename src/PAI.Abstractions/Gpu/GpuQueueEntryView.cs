namespace PAI.Abstractions.Gpu;

/// <summary>How many requests one requester has waiting on a device.</summary>
/// <param name="Requester">The requester.</param>
/// <param name="Queued">Waiting requests.</param>
[GenerateSerializer, Immutable]
public sealed record GpuQueueEntryView(
    [property: Id(0)] string Requester,
    [property: Id(1)] int Queued);
