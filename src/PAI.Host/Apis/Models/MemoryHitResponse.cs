using System.Text.Json.Nodes;
using PAI.Abstractions.Memory;

namespace PAI.Host.Apis.Models;

/// <summary>One search result as the API shows it (metadata as a JSON value, never JSON in a string).</summary>
public sealed record MemoryHitResponse(string Id, string Text, double Score, JsonNode? Metadata, DateTimeOffset OccurredAt)
{
    /// <summary>The view of a hit.</summary>
    public static MemoryHitResponse From(MemoryHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        return new(hit.Record.Id, hit.Record.Text, Math.Round(hit.Score, 6), hit.Record.Metadata is { } m ? JsonNode.Parse(m) : null, hit.Record.OccurredAt);
    }
}
