using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PAI.Memory.Memories;

namespace PAI.Memory.Tools;

/// <summary>Reads the memory tools' inputs, collecting path-named errors.</summary>
internal static class ToolJson
{
    public static string? OptionalString(JsonObject input, string name, List<MemoryError> errors, string? path = null)
    {
        if (input[name] is not { } node)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            return value.GetValue<string>();
        }

        errors.Add(new MemoryError(path is null ? name : $"{path}.{name}", "must be a string"));
        return null;
    }

    public static int? OptionalInt(JsonObject input, string name, List<MemoryError> errors)
    {
        if (input[name] is not { } node)
        {
            return null;
        }

        if (node.GetValueKind() == JsonValueKind.Number && int.TryParse(node.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add(new MemoryError($"{name}", "must be an integer"));
        return null;
    }

    public static bool OptionalBool(JsonObject input, string name, List<MemoryError> errors)
    {
        var kind = input[name]?.GetValueKind();
        switch (kind)
        {
            case null:
                return false;
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                errors.Add(new MemoryError($"{name}", "must be true or false"));
                return false;
        }
    }
}
