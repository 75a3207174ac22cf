namespace PAI.Host.Apis.Models;

/// <summary>How many requests one requester has waiting for a GPU.</summary>
public sealed record GpuQueueEntryResponse(string Requester, int Queued);
