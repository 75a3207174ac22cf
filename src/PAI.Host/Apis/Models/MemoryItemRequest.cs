using System.ComponentModel;
using System.Text.Json.Nodes;

namespace PAI.Host.Apis.Models;

/// <summary>One memory to store.</summary>
public sealed record MemoryItemRequest
{
    /// <summary>What to remember (1-8,000 characters).</summary>
    [Description("What to remember (1-8,000 characters).")]
    public required string Text { get; init; }

    /// <summary>A JSON object kept with the memory; its top-level scalars can be filtered on.</summary>
    [Description("A JSON object kept with the memory; its top-level scalars can be filtered on.")]
    public JsonObject? Metadata { get; init; }

    /// <summary>When it happened (ISO 8601); default now.</summary>
    [Description("When it happened (ISO 8601 with an offset); default now.")]
    public DateTimeOffset? OccurredAt { get; init; }

    /// <summary>Where it belongs besides the caller.</summary>
    [Description("Where it belongs besides the caller (agent, goal, project).")]
    public MemoryScopeRequest? Scope { get; init; }
}
