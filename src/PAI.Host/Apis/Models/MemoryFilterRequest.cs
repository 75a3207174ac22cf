using System.ComponentModel;
using System.Text.Json.Nodes;

namespace PAI.Host.Apis.Models;

/// <summary>A search filter: metadata equalities and a time window on occurredAt.</summary>
public sealed record MemoryFilterRequest
{
    /// <summary>Top-level metadata key: value (equals) or key: [values] (equals one of); all must hold.</summary>
    [Description("Top-level metadata key: value (equals) or key: [values] (equals one of); all must hold.")]
    public JsonObject? Metadata { get; init; }

    /// <summary>Only memories that happened at or after this time.</summary>
    [Description("Only memories that happened at or after this time.")]
    public DateTimeOffset? OccurredAfter { get; init; }

    /// <summary>Only memories that happened before this time.</summary>
    [Description("Only memories that happened before this time.")]
    public DateTimeOffset? OccurredBefore { get; init; }
}
