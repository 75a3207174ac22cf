using System.ComponentModel;
using System.Text.Json.Nodes;
using PAI.Memory.Graph;
using PAI.Memory.Tools;

namespace PAI.Host.Apis.Models;

/// <summary>A fact with its provenance: when it held and when PAI believed it, what retired it, and the episodes that stated it.</summary>
public sealed record FactProvenanceResponse(
    string Id,
    string Subject,
    string Predicate,
    [property: Description("The object entity's name, or a literal as { \"value\": ... }.")] JsonNode? Object,
    bool Single,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidTo,
    DateTimeOffset RecordedAt,
    DateTimeOffset? InvalidatedAt,
    [property: Description("The fact that retired it (a contradiction on a single-valued predicate); null while current, or when that fact is gone.")] FactResponse? InvalidatedBy,
    [property: Description("The episodes that stated it, oldest first.")] IReadOnlyList<FactEpisodeResponse> Episodes)
{
    /// <summary>The view of a fact's provenance.</summary>
    public static FactProvenanceResponse From(FactProvenance provenance)
    {
        ArgumentNullException.ThrowIfNull(provenance);
        var f = provenance.Fact.Fact;
        return new(
            f.Id,
            provenance.Fact.Subject,
            f.Predicate,
            GraphJson.ObjectNode(provenance.Fact),
            f.Single,
            f.ValidFrom,
            f.ValidTo,
            f.RecordedAt,
            f.InvalidatedAt,
            provenance.SupersededBy is { } by ? FactResponse.From(by) : null,
            [.. provenance.Episodes.Select(FactEpisodeResponse.From)]);
    }
}
