using System.Text.Json;
using System.Text.Json.Nodes;
using PAI.Abstractions.Goals;

namespace PAI.Host.Apis;

/// <summary>
/// A strict reader for small JSON request bodies: the body must be an object, every field must be known, strings are
/// bounded. Errors are collected as (path, message) pairs for a 422 answer; nothing is thrown for bad input.
/// </summary>
public sealed class JsonRequest
{
    private readonly JsonObject _object;
    private readonly string _path;

    private JsonRequest(JsonObject obj, string path, List<PlanError> errors)
    {
        _object = obj;
        _path = path;
        Errors = errors;
    }

    /// <summary>What was wrong so far.</summary>
    public List<PlanError> Errors { get; }

    /// <summary>The object being read.</summary>
    public JsonObject Object => _object;

    /// <summary>Parses a body; null (with the reason in <paramref name="errors"/>) when it is not a JSON object.</summary>
    public static JsonRequest? Parse(ReadOnlySpan<byte> body, out List<PlanError> errors)
    {
        errors = [];
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            errors.Add(new("$", $"the body is not valid JSON: {ex.Message}"));
            return null;
        }

        if (root is not JsonObject obj)
        {
            errors.Add(new("$", "the body must be a JSON object"));
            return null;
        }

        return new JsonRequest(obj, "", errors);
    }

    /// <summary>Reads a nested object field (null when absent; an error when it is not an object).</summary>
    public JsonRequest? Child(string name)
    {
        var node = _object[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonObject obj)
        {
            return new JsonRequest(obj, PathOf(name), Errors);
        }

        Errors.Add(new(PathOf(name), $"'{name}' must be a JSON object"));
        return null;
    }

    /// <summary>Adds an error for every field not in <paramref name="known"/>.</summary>
    public void RefuseUnknown(params string[] known)
    {
        foreach (var (name, _) in _object)
        {
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                Errors.Add(new(PathOf(name), $"unknown field '{Shorten(name)}' (known: {string.Join(", ", known)})"));
            }
        }
    }

    /// <summary>Reads a string field of at most <paramref name="maxLength"/> characters.</summary>
    public string? String(string name, int maxLength, bool required = false)
    {
        var node = _object[name];
        if (node is null)
        {
            if (required)
            {
                Errors.Add(new(PathOf(name), $"'{name}' is required"));
            }

            return null;
        }

        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            Errors.Add(new(PathOf(name), $"'{name}' must be a string"));
            return null;
        }

        var text = value.GetValue<string>();
        if (text.Length > maxLength)
        {
            Errors.Add(new(PathOf(name), $"'{name}' is longer than {maxLength} characters"));
            return null;
        }

        if (required && text.Length == 0)
        {
            Errors.Add(new(PathOf(name), $"'{name}' must not be empty"));
            return null;
        }

        return text;
    }

    /// <summary>Reads an array of strings (at most <paramref name="maxCount"/> of at most <paramref name="maxLength"/> characters).</summary>
    public List<string>? Strings(string name, int maxCount, int maxLength)
    {
        var node = _object[name];
        if (node is null)
        {
            return null;
        }

        if (node is not JsonArray array)
        {
            Errors.Add(new(PathOf(name), $"'{name}' must be an array of strings"));
            return null;
        }

        if (array.Count > maxCount)
        {
            Errors.Add(new(PathOf(name), $"'{name}' has more than {maxCount} entries"));
            return null;
        }

        var items = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonValue value || value.GetValueKind() != JsonValueKind.String || value.GetValue<string>() is not { } text || text.Length > maxLength)
            {
                Errors.Add(new($"{PathOf(name)}[{i}]", $"each entry must be a string of at most {maxLength} characters"));
                return null;
            }

            items.Add(text);
        }

        return items;
    }

    /// <summary>The path of a field of this object, for error messages.</summary>
    public string PathOf(string name) => _path.Length == 0 ? name : $"{_path}.{name}";

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
