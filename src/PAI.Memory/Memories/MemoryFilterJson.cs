using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PAI.Abstractions.Memory;

namespace PAI.Memory.Memories;

/// <summary>
/// Reads the JSON form of a filter, shared by the HTTP API and the <c>memory.recall</c> tool:
/// <c>{ "metadata"?: { "key": scalar | [scalars] }, "occurredAfter"?: time, "occurredBefore"?: time }</c>.
/// A scalar means "equals", an array "equals one of"; unknown fields are refused.
/// </summary>
public static class MemoryFilterJson
{
    /// <summary>Most metadata conditions in one filter.</summary>
    public const int MaxConditions = 16;

    /// <summary>Most values in one condition.</summary>
    public const int MaxValues = 64;

    /// <summary>The filter in <paramref name="node"/> (null: none); problems are added to <paramref name="errors"/> under <paramref name="path"/>.</summary>
    public static MemoryFilter? Read(JsonNode? node, string path, List<MemoryError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject obj)
        {
            errors.Add(new MemoryError(path, "must be an object"));
            return null;
        }

        var conditions = new List<MetadataCondition>();
        DateTimeOffset? after = null, before = null;
        foreach (var (name, value) in obj)
        {
            switch (name)
            {
                case "metadata":
                    if (value is JsonObject metadata)
                    {
                        conditions.AddRange(ReadConditions(metadata, path + ".metadata", errors));
                    }
                    else
                    {
                        errors.Add(new MemoryError(path + ".metadata", "must be an object of key: value (or key: [values])"));
                    }

                    break;
                case "occurredAfter":
                    after = ReadTime(value, path + ".occurredAfter", errors);
                    break;
                case "occurredBefore":
                    before = ReadTime(value, path + ".occurredBefore", errors);
                    break;
                default:
                    errors.Add(new MemoryError($"{path}.{name}", "unknown field"));
                    break;
            }
        }

        return new MemoryFilter(conditions, after, before);
    }

    /// <summary>Reads an ISO 8601 time with an offset (e.g. <c>2023-05-08T13:56:00Z</c>); null and an error otherwise.</summary>
    public static DateTimeOffset? ReadTime(JsonNode? node, string path, List<MemoryError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            && value.GetValue<string>().Length <= 64)
        {
            return time;
        }

        errors.Add(new MemoryError(path, "must be an ISO 8601 time, e.g. 2023-05-08T13:56:00Z"));
        return null;
    }

    /// <summary>The conditions of a metadata filter object: each key equals its scalar, or one of its array's scalars.</summary>
    public static IReadOnlyList<MetadataCondition> ReadConditions(JsonObject metadata, string path, List<MemoryError> errors)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(errors);
        var conditions = new List<MetadataCondition>();
        if (metadata.Count > MaxConditions)
        {
            errors.Add(new MemoryError(path, $"at most {MaxConditions} keys"));
            return conditions;
        }

        foreach (var (key, value) in metadata)
        {
            var keyPath = $"{path}.{key}";
            if (!MetadataValues.IsValidKey(key))
            {
                errors.Add(new MemoryError(keyPath, $"a filter key is 1-{MetadataValues.MaxKeyLength} letters, digits, '_', '-' or '.'"));
                continue;
            }

            var literals = new List<string>();
            if (value is JsonArray array)
            {
                if (array.Count is 0 or > MaxValues)
                {
                    errors.Add(new MemoryError(keyPath, $"a list of 1-{MaxValues} values"));
                    continue;
                }

                for (var i = 0; i < array.Count; i++)
                {
                    AddLiteral(array[i], $"{keyPath}[{i}]", literals, errors);
                }
            }
            else
            {
                AddLiteral(value, keyPath, literals, errors);
            }

            conditions.Add(new MetadataCondition(key, literals));
        }

        return conditions;
    }

    private static void AddLiteral(JsonNode? node, string path, List<string> literals, List<MemoryError> errors)
    {
        string? literal = null;
        if (node is JsonValue)
        {
            using var document = JsonDocument.Parse(node.ToJsonString());
            literal = MetadataValues.Canonical(document.RootElement);
        }

        if (literal is null)
        {
            errors.Add(new MemoryError(path, "must be a string, number or boolean"));
            return;
        }

        literals.Add(literal);
    }
}
