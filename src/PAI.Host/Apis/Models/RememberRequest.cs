using System.ComponentModel;

namespace PAI.Host.Apis.Models;

/// <summary>The body of <c>POST /api/memories</c>.</summary>
public sealed record RememberRequest
{
    /// <summary>The memories to store (1-1,000), in one transaction.</summary>
    [Description("The memories to store (1-1,000), in one transaction.")]
    public required IReadOnlyList<MemoryItemRequest> Items { get; init; }
}
