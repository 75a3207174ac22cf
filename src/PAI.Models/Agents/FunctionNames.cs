using System.Text;

namespace PAI.Models.Agents;

/// <summary>
/// Tool names as function names. OpenAI-compatible servers accept <c>^[a-zA-Z0-9_-]{1,64}$</c>, and PAI's tools have
/// dots (<c>file.write</c>): each character outside the set becomes '_', and a clash gets a numeric suffix. The map is
/// built from the sorted tool list, so a resumed run sees the same names.
/// </summary>
public sealed class FunctionNames
{
    private readonly Dictionary<string, string> _toTool = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _toFunction = new(StringComparer.Ordinal);

    /// <summary>Builds the map for these tools.</summary>
    public FunctionNames(IEnumerable<string> tools)
    {
        foreach (var tool in tools.Order(StringComparer.Ordinal))
        {
            var name = Sanitize(tool);
            var unique = name;
            for (var n = 2; _toTool.ContainsKey(unique); n++)
            {
                var suffix = "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                unique = (name.Length + suffix.Length > 64 ? name[..(64 - suffix.Length)] : name) + suffix;
            }

            _toTool[unique] = tool;
            _toFunction[tool] = unique;
        }
    }

    /// <summary>The function name of a tool.</summary>
    public string Function(string tool) => _toFunction[tool];

    /// <summary>The tool a function name stands for, or null.</summary>
    public string? Tool(string function) => _toTool.GetValueOrDefault(function);

    private static string Sanitize(string tool)
    {
        var text = new StringBuilder(Math.Min(tool.Length, 64));
        foreach (var c in tool.AsSpan(0, Math.Min(tool.Length, 64)))
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        return text.Length == 0 ? "tool" : text.ToString();
    }
}
