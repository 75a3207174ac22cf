using System.ComponentModel;

namespace PAI.Host.Apis.Models;

/// <summary>What one requester got from a GPU over the last hour.</summary>
public sealed record GpuRequesterUsageResponse(
    [property: Description("A goal id, or a principal with FairnessScope 'principal'.")] string Requester,
    [property: Description("Leases granted in the last hour.")] int Grants,
    [property: Description("Time held in the last hour.")] TimeSpan Held);
