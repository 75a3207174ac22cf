namespace PAI.Engine.Templates;

/// <summary>One step of an expression's path: <c>.name</c> (<see cref="Name"/> set) or <c>[index]</c>.</summary>
/// <param name="Name">The field name, or null for an index.</param>
/// <param name="Index">The list index (non-negative) when <see cref="Name"/> is null.</param>
public readonly record struct TemplatePathSegment(string? Name, int Index)
{
    /// <summary>The segment as written in canonical form: <c>.name</c> or <c>[3]</c>.</summary>
    public override string ToString() =>
        Name is null ? $"[{Index.ToString(System.Globalization.CultureInfo.InvariantCulture)}]" : "." + Name;
}
