using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;
using PAI.Engine.Templates;

namespace PAI.Engine.Tools;

/// <summary>Reads and checks tool inputs with readable, non-retryable errors.</summary>
internal static class ToolInput
{
    public static string RequiredString(JsonObject input, string name) =>
        OptionalString(input, name) ?? throw new ToolException($"input '{name}' is required", retryable: false);

    public static string? OptionalString(JsonObject input, string name)
    {
        if (!input.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        return node is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw new ToolException($"input '{name}' must be a string", retryable: false);
    }

    public static bool OptionalBool(JsonObject input, string name, bool fallback)
    {
        if (!input.TryGetPropertyValue(name, out var node) || node is null)
        {
            return fallback;
        }

        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ToolException($"input '{name}' must be true or false", retryable: false),
        };
    }

    public static long OptionalPositiveLong(JsonObject input, string name, long fallback)
    {
        if (!input.TryGetPropertyValue(name, out var node) || node is null)
        {
            return fallback;
        }

        // A JsonValue built from a CLR int only converts to int, so go through its JSON text.
        var text = node.GetValueKind() switch
        {
            JsonValueKind.Number => node.ToJsonString(),
            JsonValueKind.String => node.GetValue<string>(),
            _ => null,
        };
        long value;
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole))
        {
            value = whole;
        }
        else if (node.GetValueKind() == JsonValueKind.Number
                 && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var dbl)
                 && dbl == Math.Floor(dbl) && dbl is >= 1 and < long.MaxValue)
        {
            value = (long)dbl;
        }
        else
        {
            throw new ToolException($"input '{name}' must be a positive whole number", retryable: false);
        }

        return value > 0 ? value : throw new ToolException($"input '{name}' must be a positive whole number", retryable: false);
    }

    /// <summary>Plan-time check of a required field: missing → error; a literal of the wrong kind → error.</summary>
    public static void CheckRequired(JsonObject input, string name, List<string> errors)
    {
        if (!input.TryGetPropertyValue(name, out var node) || node is null)
        {
            errors.Add($"input '{name}' is required");
        }
    }

    /// <summary>Plan-time check of a path field: a literal that <see cref="WorkspacePath.Check"/> refuses → error.</summary>
    public static void CheckPath(JsonObject input, string name, List<string> errors)
    {
        if (!input.TryGetPropertyValue(name, out var node) || node is null || TemplateEvaluator.IsTemplate(node))
        {
            return;
        }

        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
        {
            errors.Add($"input '{name}' must be a string");
            return;
        }

        if (WorkspacePath.Check(v.GetValue<string>()) is { } error)
        {
            errors.Add(error);
        }
    }

    /// <summary>Plan-time check that a literal (non-reference) value is a string.</summary>
    public static void CheckString(JsonObject input, string name, List<string> errors)
    {
        if (input.TryGetPropertyValue(name, out var node) && node is not null
            && node.GetValueKind() != JsonValueKind.String)
        {
            errors.Add($"input '{name}' must be a string");
        }
    }

    /// <summary>Plan-time check of an optional positive number (strings are allowed: they may be references).</summary>
    public static void CheckPositiveNumber(JsonObject input, string name, List<string> errors)
    {
        if (!input.TryGetPropertyValue(name, out var node) || node is null || TemplateEvaluator.IsTemplate(node))
        {
            return;
        }

        try
        {
            OptionalPositiveLong(input, name, 1);
        }
        catch (ToolException ex)
        {
            errors.Add(ex.Message);
        }
    }
}
