namespace PAI.Host.Apis.Models;

/// <summary>How many requests one requester has waiting for a GPU.</summary>
public sealed record GpuQueueEntryResponse([property: System.ComponentModel.Description("Who waits; null unless the key is an admin's or an operator's.")] string? Requester, int Queued);
