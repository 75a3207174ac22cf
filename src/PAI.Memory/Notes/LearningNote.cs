using System.Globalization;
using System.Text;

namespace PAI.Memory.Notes;

/// <summary>
/// The learning template: front matter (title, tags, date) then <c>## Problem</c>, <c>## Solution</c>,
/// <c>## Takeaway</c>, so every captured learning reads the same to a person in Obsidian and to recall.
/// </summary>
public static class LearningNote
{
    /// <summary>The markdown of a learning.</summary>
    public static string Compose(string title, string problem, string solution, string takeaway, IReadOnlyList<string> tags, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(tags);
        var builder = new StringBuilder();
        builder.Append("---\n");
        builder.Append("title: ").Append(Quote(title)).Append('\n');
        builder.Append("tags: [").Append(string.Join(", ", tags.Prepend("learning").Distinct(StringComparer.Ordinal).Select(Quote))).Append("]\n");
        builder.Append("date: ").Append(at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n');
        builder.Append("---\n\n");
        builder.Append("# ").Append(title.ReplaceLineEndings(" ")).Append("\n\n");
        builder.Append("## Problem\n\n").Append(problem.Trim()).Append("\n\n");
        builder.Append("## Solution\n\n").Append(solution.Trim()).Append("\n\n");
        builder.Append("## Takeaway\n\n").Append(takeaway.Trim()).Append('\n');
        return builder.ToString();
    }

    private static string Quote(string value) => "\"" + value.ReplaceLineEndings(" ").Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
