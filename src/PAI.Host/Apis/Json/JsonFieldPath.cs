namespace PAI.Host.Apis.Json;

/// <summary>Builds the paths that <see cref="FieldError"/> names: <c>plan.steps[0].with</c>, <c>$</c> for the root.</summary>
public static class JsonFieldPath
{
    /// <summary>The whole body.</summary>
    public const string Root = "$";

    private const int MaxNameLength = 100;

    /// <summary>The path of a property of the object at <paramref name="parent"/>.</summary>
    public static string Property(string parent, string name)
    {
        // A hostile name must not make a huge or confusing path: odd names are quoted, long ones cut.
        var shown = name.Length > MaxNameLength ? string.Concat(name.AsSpan(0, MaxNameLength), "…") : name;
        var plain = shown.Length > 0 && shown.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
        var segment = plain ? shown : $"['{shown.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}']";
        return parent == Root && plain ? segment : plain ? $"{parent}.{segment}" : parent + segment;
    }

    /// <summary>The path of an element of the array at <paramref name="parent"/>.</summary>
    public static string Index(string parent, int index) => $"{parent}[{index}]";
}
