using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PAI.Abstractions.Knowledge;
using PAI.Memory.Graph;
using PAI.Memory.Memories;

namespace PAI.Memory.Tools;

/// <summary>Facts in and out of the graph tools' JSON: an object is an entity name (a string) or a literal (<c>{ "value": ... }</c>, or a bare number or boolean).</summary>
public static class GraphJson
{
    /// <summary>Reads a fact's <c>object</c>: (entity name, null) or (null, literal JSON text); an error for anything else.</summary>
    public static (string? Object, string? Value) ReadObject(JsonNode? node, string path, List<MemoryError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        switch (node?.GetValueKind())
        {
            case JsonValueKind.String:
                return (node.GetValue<string>(), null);
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                return (null, node.ToJsonString());
            case JsonValueKind.Object when node is JsonObject obj && obj.Count == 1 && obj["value"]?.GetValueKind() is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                return (null, obj["value"]!.ToJsonString());
            default:
                errors.Add(new MemoryError(path, "must be an entity name (a string) or a literal: a number, true/false, or {\"value\": <scalar>}"));
                return (null, null);
        }
    }

    /// <summary>A fact as the tools answer it.</summary>
    public static JsonNode Fact(FactView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var fact = view.Fact;
        return new JsonObject
        {
            ["id"] = fact.Id,
            ["subject"] = view.Subject,
            ["predicate"] = fact.Predicate,
            ["object"] = ObjectNode(view),
            ["single"] = fact.Single,
            ["validFrom"] = Time(fact.ValidFrom),
            ["validTo"] = Time(fact.ValidTo),
            ["recordedAt"] = Time(fact.RecordedAt),
            ["invalidatedAt"] = Time(fact.InvalidatedAt),
            ["supersededBy"] = fact.SupersededBy,
        };
    }

    /// <summary>A fact's object: the entity's name, or <c>{ "value": ... }</c>.</summary>
    public static JsonNode? ObjectNode(FactView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.Object is not null ? JsonValue.Create(view.Object) : new JsonObject { ["value"] = view.Fact.Value is null ? null : JsonNode.Parse(view.Fact.Value) };
    }

    /// <summary>A conflict as the tools answer it.</summary>
    public static JsonNode Conflict(ConflictView conflict)
    {
        ArgumentNullException.ThrowIfNull(conflict);
        return new JsonObject
        {
            ["index"] = conflict.Index,
            ["factId"] = conflict.FactId,
            ["kind"] = conflict.Kind == FactConflictKind.Superseded ? "superseded" : "truncated",
            ["existing"] = Fact(conflict.Existing),
        };
    }

    /// <summary>An entity as the tools answer it.</summary>
    public static JsonNode Entity(GraphEntity entity, int? depth = null)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var node = new JsonObject { ["id"] = entity.Id, ["name"] = entity.Name, ["type"] = entity.Type, ["aliases"] = new JsonArray([.. entity.Aliases.Select(a => (JsonNode)a)]) };
        if (depth is { } d)
        {
            node["depth"] = d;
        }

        return node;
    }

    private static JsonNode? Time(DateTimeOffset? at) => at is { } t ? JsonValue.Create(t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)) : null;
}
