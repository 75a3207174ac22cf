using System.Text.Json.Nodes;
using PAI.Abstractions.Memory;

namespace PAI.Host.Apis.Models;

/// <summary>A stored memory as <c>GET /api/memories/{id}</c> shows it.</summary>
public sealed record MemoryResponse(
    string Id,
    string Text,
    JsonNode? Metadata,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    MemoryScopeResponse Scope,
    string Model,
    int Dimensions)
{
    /// <summary>The view of a record.</summary>
    public static MemoryResponse From(MemoryRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(
            record.Id,
            record.Text,
            record.Metadata is { } m ? JsonNode.Parse(m) : null,
            record.OccurredAt,
            record.RecordedAt,
            new MemoryScopeResponse(record.Scope.Agent, record.Scope.Goal, record.Scope.Project),
            record.Model,
            record.Dimensions);
    }
}
