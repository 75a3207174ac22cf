using System.Text.Json.Nodes;
using PAI.Memory.Graph;
using PAI.Memory.Tools;

namespace PAI.Host.Apis.Models;

/// <summary>A fact: subject and object by name (a literal object as <c>{ "value": ... }</c>), when it held and when PAI believed it.</summary>
public sealed record FactResponse(
    string Id,
    string Subject,
    string Predicate,
    JsonNode? Object,
    bool Single,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidTo,
    DateTimeOffset RecordedAt,
    DateTimeOffset? InvalidatedAt,
    string? SupersededBy)
{
    /// <summary>The view of a fact.</summary>
    public static FactResponse From(FactView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var f = view.Fact;
        return new(f.Id, view.Subject, f.Predicate, GraphJson.ObjectNode(view), f.Single, f.ValidFrom, f.ValidTo, f.RecordedAt, f.InvalidatedAt, f.SupersededBy);
    }
}
