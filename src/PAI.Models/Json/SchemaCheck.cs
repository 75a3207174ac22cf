using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using NJsonSchema;

namespace PAI.Models.Json;

/// <summary>Validates JSON values against JSON Schemas (NJsonSchema), with parsed schemas cached by their text.</summary>
public static class SchemaCheck
{
    private const int MaxCached = 256;
    private static readonly ConcurrentDictionary<string, JsonSchema> Cache = new(StringComparer.Ordinal);

    /// <summary>Parses a schema; null and the reason when it is not one.</summary>
    public static JsonSchema? Parse(string schemaJson, out string? error)
    {
        error = null;
        if (Cache.TryGetValue(schemaJson, out var cached))
        {
            return cached;
        }

        try
        {
            var schema = JsonSchema.FromJsonAsync(schemaJson).GetAwaiter().GetResult();
            if (Cache.Count < MaxCached)
            {
                Cache[schemaJson] = schema;
            }

            return schema;
        }
        catch (Exception ex) when (ex is Newtonsoft.Json.JsonException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            error = $"not a JSON schema: {ex.Message}";
            return null;
        }
    }

    /// <summary>Every way <paramref name="value"/> breaks <paramref name="schema"/>, as "path: problem" (empty when valid).</summary>
    public static IReadOnlyList<string> Validate(JsonSchema schema, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return schema.Validate(value?.ToJsonString() ?? "null")
            .Select(e => $"{(string.IsNullOrEmpty(e.Path) ? "$" : e.Path.TrimStart('#'))}: {e.Kind}{(e.Property is { Length: > 0 } p ? $" ({p})" : "")}")
            .Take(20)
            .ToList();
    }
}
