using System.Text;

namespace PAI.Engine.Templates;

/// <summary>One parsed <c>${root.name[index]...}</c> expression.</summary>
/// <param name="Root">The root it starts from (<c>steps</c>, <c>phases</c>, <c>inputs</c>, ...).</param>
/// <param name="Path">The fields and indices walked from the root.</param>
public sealed record TemplateExpression(string Root, IReadOnlyList<TemplatePathSegment> Path)
{
    /// <summary>The expression in canonical form, e.g. <c>${steps.a.output.items[0]}</c>.</summary>
    public override string ToString() => "${" + Describe(Path.Count) + "}";

    /// <summary>The root and the first <paramref name="count"/> path segments, e.g. <c>steps.a.output</c>.</summary>
    public string Describe(int count)
    {
        var text = new StringBuilder(Root);
        for (var i = 0; i < count && i < Path.Count; i++)
        {
            text.Append(Path[i].ToString());
        }

        return text.ToString();
    }
}
