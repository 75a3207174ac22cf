using System.Text;

namespace PAI.Engine.Tools;

/// <summary>Pure helpers of <c>markdown.render</c>: where images go in a markdown text (linear, line by line).</summary>
internal static class MarkdownImages
{
    /// <summary>Places image i at the end of the i-th <c>## </c> section (just before the next <c>## </c> heading, outside
    /// code fences); images beyond the sections go at the end.</summary>
    public static string Insert(string markdown, IReadOnlyList<(string Src, string Alt)> images)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var result = new StringBuilder(markdown.Length + (images.Count * 64));
        var next = 0;
        var sections = 0;
        var fence = false;
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fence = !fence;
            }

            if (!fence && line.StartsWith("## ", StringComparison.Ordinal))
            {
                if (sections > 0 && next < images.Count)
                {
                    Append(result, images[next++]);
                }

                sections++;
            }

            result.Append(line).Append('\n');
        }

        while (next < images.Count)
        {
            Append(result, images[next++]);
        }

        return result.ToString();
    }

    /// <summary>The text of the first <c># </c> heading, if any.</summary>
    public static string? FirstHeading(string markdown)
    {
        foreach (var line in markdown.Split('\n'))
        {
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                return line[2..].Trim();
            }
        }

        return null;
    }

    private static void Append(StringBuilder result, (string Src, string Alt) image)
    {
        var alt = image.Alt.Replace("]", " ", StringComparison.Ordinal).Replace("[", " ", StringComparison.Ordinal).Replace('\n', ' ');
        result.Append('\n').Append("![").Append(alt).Append("](").Append(image.Src.Replace(" ", "%20", StringComparison.Ordinal)).Append(")\n\n");
    }
}
