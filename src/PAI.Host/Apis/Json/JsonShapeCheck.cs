using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace PAI.Host.Apis.Json;

/// <summary>
/// Checks a parsed body against the request type it is meant to be, using System.Text.Json's own contract for that
/// type (<see cref="JsonTypeInfo"/>): every field it does not know is refused by name (a misspelt <c>aproval</c> must
/// not silently drop a safety setting), required fields must be there, and each value must have the right JSON kind.
/// Reports every problem, not just the first; linear in the size of the body.
/// </summary>
public static class JsonShapeCheck
{
    private static readonly ConditionalWeakTable<JsonTypeInfo, Dictionary<string, JsonPropertyInfo>> KnownProperties = new();

    /// <summary>Checks <paramref name="body"/> against <paramref name="type"/>'s contract in <paramref name="options"/>.</summary>
    public static List<FieldError> Check(JsonElement body, Type type, JsonSerializerOptions options)
    {
        var errors = new List<FieldError>();
        Check(body, options.GetTypeInfo(type), JsonPathSegment.Root, options, errors);
        return errors;
    }

    private static void Check(JsonElement value, JsonTypeInfo info, JsonPathSegment path, JsonSerializerOptions options, List<FieldError> errors)
    {
        if (errors.Count >= JsonSyntaxCheck.MaxErrors)
        {
            return;
        }

        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object:
                CheckObject(value, info, path, options, errors);
                break;
            case JsonTypeInfoKind.Enumerable:
                if (Expect(value, JsonValueKind.Array, "an array", path, errors))
                {
                    var index = 0;
                    var element = options.GetTypeInfo(info.ElementType!);
                    foreach (var item in value.EnumerateArray())
                    {
                        CheckValue(item, element, path.Index(index++), nullable: false, options, errors);
                    }
                }

                break;
            case JsonTypeInfoKind.Dictionary:
                if (Expect(value, JsonValueKind.Object, "an object", path, errors))
                {
                    var element = options.GetTypeInfo(info.ElementType!);
                    foreach (var property in value.EnumerateObject())
                    {
                        CheckValue(property.Value, element, path.Property(property.Name), nullable: false, options, errors);
                    }
                }

                break;
            default:
                CheckScalar(value, info.Type, path, errors);
                break;
        }
    }

    private static void CheckObject(JsonElement value, JsonTypeInfo info, JsonPathSegment path, JsonSerializerOptions options, List<FieldError> errors)
    {
        if (!Expect(value, JsonValueKind.Object, "an object", path, errors))
        {
            return;
        }

        var known = KnownProperties.GetValue(info, static i => i.Properties.Where(p => p.Get is not null || p.Set is not null).ToDictionary(p => p.Name, StringComparer.Ordinal));
        var required = 0;
        foreach (var property in value.EnumerateObject())
        {
            if (errors.Count >= JsonSyntaxCheck.MaxErrors)
            {
                return;
            }

            var at = path.Property(property.Name);
            if (!known.TryGetValue(property.Name, out var field))
            {
                errors.Add(new(at.ToString(), $"unknown field '{Shorten(property.Name)}'; expected one of: {string.Join(", ", known.Keys)}"));
                continue;
            }

            required += field.IsRequired ? 1 : 0;
            CheckValue(property.Value, options.GetTypeInfo(field.PropertyType), at, field.IsSetNullable, options, errors);
        }

        // Names are unique (JsonSyntaxCheck ran first), so counting the required ones seen is enough.
        if (required < known.Values.Count(f => f.IsRequired))
        {
            foreach (var field in known.Values.Where(f => f.IsRequired && !value.TryGetProperty(f.Name, out _)))
            {
                errors.Add(new(path.Property(field.Name).ToString(), $"'{field.Name}' is required"));
            }
        }
    }

    private static void CheckValue(JsonElement value, JsonTypeInfo info, JsonPathSegment path, bool nullable, JsonSerializerOptions options, List<FieldError> errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (!nullable || (info.Type.IsValueType && Nullable.GetUnderlyingType(info.Type) is null))
            {
                errors.Add(new(path.ToString(), "must not be null"));
            }

            return;
        }

        Check(value, info, path, options, errors);
    }

    private static void CheckScalar(JsonElement value, Type type, JsonPathSegment path, List<FieldError> errors)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || type.IsEnum)
        {
            Expect(value, JsonValueKind.String, "a string", path, errors);
        }
        else if (type == typeof(bool))
        {
            if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                errors.Add(new(path.ToString(), "must be true or false"));
            }
        }
        else if (type == typeof(int))
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out _))
            {
                errors.Add(new(path.ToString(), $"must be an integer from {int.MinValue} to {int.MaxValue}"));
            }
        }
        else if (type == typeof(long))
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out _))
            {
                errors.Add(new(path.ToString(), "must be an integer"));
            }
        }
        else if (type == typeof(double))
        {
            Expect(value, JsonValueKind.Number, "a number", path, errors);
        }
        else if (type == typeof(JsonObject))
        {
            Expect(value, JsonValueKind.Object, "an object", path, errors);
        }
        else if (type == typeof(JsonArray))
        {
            Expect(value, JsonValueKind.Array, "an array", path, errors);
        }

        // Any other type (JsonNode, JsonElement, types with their own converter) takes what its converter takes;
        // a value it refuses still surfaces, with its path, when the body is deserialized.
    }

    private static bool Expect(JsonElement value, JsonValueKind kind, string what, JsonPathSegment path, List<FieldError> errors)
    {
        if (value.ValueKind == kind)
        {
            return true;
        }

        errors.Add(new(path.ToString(), $"must be {what}"));
        return false;
    }

    private static string Shorten(string name) => name.Length > 100 ? string.Concat(name.AsSpan(0, 100), "…") : name;
}
