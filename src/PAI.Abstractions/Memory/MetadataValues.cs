using System.Globalization;
using System.Text.Json;

namespace PAI.Abstractions.Memory;

/// <summary>
/// The one definition of metadata equality, shared by the stores and the in-memory index: a top-level key whose value
/// is a JSON scalar, compared by canonical literal (strings as JSON strings, numbers by value, <c>true</c>/<c>false</c>).
/// Nested objects, arrays and nulls are never matched.
/// </summary>
public static class MetadataValues
{
    /// <summary>The longest metadata key a filter may name.</summary>
    public const int MaxKeyLength = 64;

    /// <summary>The kinds of scalar a literal can hold.</summary>
    public enum Kind
    {
        /// <summary>A JSON string.</summary>
        String,

        /// <summary>A JSON number.</summary>
        Number,

        /// <summary>JSON true.</summary>
        True,

        /// <summary>JSON false.</summary>
        False,
    }

    /// <summary>True when <paramref name="key"/> may be named in a filter (letters, digits, <c>_ - .</c>, 1-64 characters).</summary>
    public static bool IsValidKey(string key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The canonical literal of a scalar element, or null for objects, arrays and nulls.</summary>
    public static string? Canonical(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => JsonSerializer.Serialize(value.GetString()),
        JsonValueKind.Number => value.TryGetDouble(out var d) && double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : null,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    /// <summary>The kind and plain value of a canonical literal (string text, double or bool).</summary>
    public static (Kind Kind, object Value) Parse(string literal)
    {
        ArgumentNullException.ThrowIfNull(literal);
        if (literal == "true")
        {
            return (Kind.True, true);
        }

        if (literal == "false")
        {
            return (Kind.False, false);
        }

        if (literal.StartsWith('"'))
        {
            return (Kind.String, JsonSerializer.Deserialize<string>(literal) ?? "");
        }

        return (Kind.Number, double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    /// <summary>The (key, canonical literal) pairs of a metadata object's top-level scalars; empty for null or non-objects.</summary>
    public static IEnumerable<(string Key, string Literal)> Flatten(string? metadata)
    {
        if (string.IsNullOrEmpty(metadata))
        {
            return [];
        }

        using var document = JsonDocument.Parse(metadata);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var pairs = new List<(string, string)>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (Canonical(property.Value) is { } literal)
            {
                pairs.Add((property.Name, literal));
            }
        }

        return pairs;
    }
}
