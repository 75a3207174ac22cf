using System.Globalization;
using System.Text.Json.Nodes;
using PAI.Abstractions.Goals;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PAI.Engine.Skills;

/// <summary>Reads YAML documents node by node so that every error names the file, the line and the field.</summary>
internal sealed class YamlReader(string source)
{
    /// <summary>Parses the text and returns its root mapping.</summary>
    public YamlMappingNode Root(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new FormatException($"{source}:{ex.Start.Line}: {ex.InnerException?.Message ?? ex.Message}", ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new FormatException($"{source}:1: the file must hold one YAML mapping");
        }

        return root;
    }

    public FormatException Error(YamlNode node, string field, string message) =>
        new($"{source}:{node.Start.Line}: field '{field}': {message}");

    public void AllowOnly(YamlMappingNode map, string path, params string[] allowed)
    {
        foreach (var (key, _) in map.Children)
        {
            var name = ((YamlScalarNode)key).Value ?? "";
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                throw Error(key, Join(path, name), $"unknown field (expected one of: {string.Join(", ", allowed)})");
            }
        }
    }

    public static YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    public YamlMappingNode Map(YamlNode node, string path) =>
        node as YamlMappingNode ?? throw Error(node, path, "must be a mapping");

    public YamlSequenceNode Sequence(YamlNode node, string path) =>
        node as YamlSequenceNode ?? throw Error(node, path, "must be a list");

    public string? String(YamlMappingNode map, string key, string path, bool required = false)
    {
        var node = Get(map, key);
        if (node is null)
        {
            return required ? throw Error(map, Join(path, key), "is required") : null;
        }

        if (node is not YamlScalarNode scalar || scalar.Value is null)
        {
            throw Error(node, Join(path, key), "must be text");
        }

        if (required && string.IsNullOrWhiteSpace(scalar.Value))
        {
            throw Error(node, Join(path, key), "must not be empty");
        }

        return scalar.Value;
    }

    public bool Bool(YamlMappingNode map, string key, string path, bool fallback = false)
    {
        var text = String(map, key, path);
        return text is null ? fallback
            : bool.TryParse(text, out var value) ? value
            : throw Error(Get(map, key)!, Join(path, key), "must be true or false");
    }

    public int Int(YamlMappingNode map, string key, string path, int fallback, int min = 0, int max = int.MaxValue)
    {
        var text = String(map, key, path);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Error(Get(map, key)!, Join(path, key), $"must be a whole number from {min} to {max}");
    }

    public TimeSpan? Duration(YamlMappingNode map, string key, string path)
    {
        var text = String(map, key, path);
        if (text is null)
        {
            return null;
        }

        return DurationParser.TryParse(text, out var value) && value > TimeSpan.Zero
            ? value
            : throw Error(Get(map, key)!, Join(path, key), $"'{text}' is not a positive duration (use '30s' or '00:00:30')");
    }

    /// <summary>A per-attempt timeout: a duration within <see cref="Invocation.InvocationLimits"/>' range.</summary>
    public TimeSpan? Timeout(YamlMappingNode map, string key, string path)
    {
        var value = Duration(map, key, path);
        return value is { } timeout && Invocation.InvocationLimits.CheckTimeout(timeout) is { } problem
            ? throw Error(Get(map, key)!, Join(path, key), problem)
            : value;
    }

    public List<string> Strings(YamlMappingNode map, string key, string path)
    {
        var node = Get(map, key);
        if (node is null)
        {
            return [];
        }

        if (node is YamlScalarNode single && single.Value is not null)
        {
            return [single.Value];
        }

        return Sequence(node, Join(path, key)).Children
            .Select((n, i) => n is YamlScalarNode s && s.Value is not null ? s.Value : throw Error(n, $"{Join(path, key)}[{i}]", "must be text"))
            .ToList();
    }

    /// <summary>Converts a YAML node to JSON: unquoted scalars become numbers, booleans and null where they look like it.</summary>
    public static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", ToJson(kv.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain } plain => Plain(plain.Value),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? ""),
        _ => null,
    };

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static JsonNode? Plain(string? text) => text switch
    {
        null or "~" or "null" or "" => null,
        "true" or "True" => JsonValue.Create(true),
        "false" or "False" => JsonValue.Create(false),
        _ when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !text.Contains(':', StringComparison.Ordinal) => JsonValue.Create(d),
        _ => JsonValue.Create(text),
    };
}
