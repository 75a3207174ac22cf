using System.Text;

namespace PAI.Gpu.Images;

/// <summary>Fills <c>{name}</c> placeholders in one argument template (one pass, linear; <c>{{</c> is a literal
/// brace; an unknown name stays as written). Each argument stays one argument: no shell is involved.</summary>
internal static class ImageArguments
{
    /// <summary>The argument with every known placeholder replaced.</summary>
    public static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        var result = new StringBuilder(template.Length);
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{')
            {
                result.Append('{');
                i++;
                continue;
            }

            var end = c == '{' ? template.IndexOf('}', i + 1) : -1;
            if (end > i && values.TryGetValue(template[(i + 1)..end], out var value))
            {
                result.Append(value);
                i = end;
                continue;
            }

            result.Append(c);
        }

        return result.ToString();
    }
}
