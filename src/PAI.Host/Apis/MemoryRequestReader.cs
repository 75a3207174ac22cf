using System.Text.Json;
using System.Text.Json.Nodes;
using PAI.Memory.Memories;

namespace PAI.Host.Apis;

/// <summary>
/// Reads the bodies of <c>POST /api/memories</c> and <c>POST /api/memories/search</c> into the memory service's inputs,
/// refusing unknown fields and wrong types with the JSON path of each (422); limits are the service's to check.
/// </summary>
public static class MemoryRequestReader
{
    private static readonly HashSet<string> RememberFields = ["items"];
    private static readonly HashSet<string> ItemFields = ["text", "metadata", "occurredAt", "scope"];
    private static readonly HashSet<string> ScopeFields = ["agent", "goal", "project"];
    private static readonly HashSet<string> SearchFields = ["query", "k", "scope", "filter", "mode"];

    /// <summary>Parses JSON text; null (and a message) when it is not JSON.</summary>
    public static JsonNode? Parse(ReadOnlySpan<byte> body, out string? error)
    {
        try
        {
            error = null;
            var node = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 32 });
            if (node is null)
            {
                error = "the body is JSON null, not an object";
            }

            return node;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            // ArgumentException: a property named twice in one object.
            error = "the request body is not valid JSON: " + ex.Message;
            return null;
        }
    }

    /// <summary>The items of a remember request.</summary>
    public static IReadOnlyList<MemoryInput> ReadRemember(JsonNode body, List<MemoryError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!Object(body, "$", RememberFields, errors, out var root))
        {
            return [];
        }

        if (root["items"] is not JsonArray array)
        {
            errors.Add(new MemoryError("$.items", root["items"] is null ? "is required" : "must be an array"));
            return [];
        }

        var items = new List<MemoryInput>(array.Count);
        for (var i = 0; i < array.Count && errors.Count < 100; i++)
        {
            var path = $"$.items[{i}]";
            if (!Object(array[i], path, ItemFields, errors, out var item))
            {
                continue;
            }

            var text = String(item, "text", path, errors);
            if (text is null && item["text"] is null)
            {
                errors.Add(new MemoryError(path + ".text", "is required"));
            }

            string? metadata = null;
            if (item["metadata"] is { } m)
            {
                if (m is JsonObject)
                {
                    metadata = m.ToJsonString();
                }
                else
                {
                    errors.Add(new MemoryError(path + ".metadata", "must be an object"));
                }
            }

            var occurredAt = MemoryFilterJson.ReadTime(item["occurredAt"], path + ".occurredAt", errors);
            var (agent, goal, project) = Scope(item["scope"], path + ".scope", errors);
            items.Add(new MemoryInput(text ?? "", metadata, occurredAt, agent, goal, project));
        }

        return items;
    }

    /// <summary>A search request.</summary>
    public static MemoryQuery? ReadSearch(JsonNode body, List<MemoryError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!Object(body, "$", SearchFields, errors, out var root))
        {
            return null;
        }

        var query = String(root, "query", "$", errors);
        if (root["query"] is null)
        {
            errors.Add(new MemoryError("$.query", "is required"));
        }

        int? k = null;
        if (root["k"] is { } kNode)
        {
            if (kNode.GetValueKind() == JsonValueKind.Number && int.TryParse(kNode.ToJsonString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                k = parsed;
            }
            else
            {
                errors.Add(new MemoryError("$.k", "must be an integer"));
            }
        }

        var mode = MemorySearchModeNames.Parse(root["mode"] is null ? null : String(root, "mode", "$", errors) ?? "?", "$.mode", errors);
        var (agent, goal, project) = Scope(root["scope"], "$.scope", errors);
        var filter = MemoryFilterJson.Read(root["filter"], "$.filter", errors);
        return new MemoryQuery(query ?? "", k, mode, filter, agent, goal, project);
    }

    private static (string? Agent, string? Goal, string? Project) Scope(JsonNode? node, string path, List<MemoryError> errors)
    {
        if (node is null || !Object(node, path, ScopeFields, errors, out var scope))
        {
            return default;
        }

        return (String(scope, "agent", path, errors), String(scope, "goal", path, errors), String(scope, "project", path, errors));
    }

    private static bool Object(JsonNode? node, string path, HashSet<string> fields, List<MemoryError> errors, out JsonObject obj)
    {
        if (node is not JsonObject o)
        {
            errors.Add(new MemoryError(path, "must be an object"));
            obj = null!;
            return false;
        }

        foreach (var (name, _) in o)
        {
            if (!fields.Contains(name))
            {
                errors.Add(new MemoryError($"{path}.{name}", $"unknown field (expected {string.Join(", ", fields)})"));
            }
        }

        obj = o;
        return true;
    }

    private static string? String(JsonObject obj, string name, string path, List<MemoryError> errors)
    {
        if (obj[name] is not { } node)
        {
            return null;
        }

        if (node.GetValueKind() == JsonValueKind.String)
        {
            return node.GetValue<string>();
        }

        errors.Add(new MemoryError($"{path}.{name}", "must be a string"));
        return null;
    }
}
