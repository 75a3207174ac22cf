using System.Globalization;
using System.Text;

namespace PAI.Abstractions.Knowledge;

/// <summary>
/// How entity names are normalised into resolution keys: Unicode compatibility form, accents dropped, case folded,
/// runs of white space and punctuation made one space, a leading English article dropped. Entities of the system's own
/// types (notes, files, tools, skills, goals, tags) are identifiers, keyed under their type (<c>tool:file.write</c>) so
/// they never meet a person or project of the same name. Linear in the name's length.
/// </summary>
public static class EntityKeys
{
    /// <summary>The longest entity name accepted.</summary>
    public const int MaxNameLength = 200;

    /// <summary>The types whose names are identifiers: keyed under the type, never merged by similarity.</summary>
    public static IReadOnlySet<string> SystemTypes { get; } = new HashSet<string>(StringComparer.Ordinal) { "note", "file", "tool", "skill", "goal", "tag" };

    /// <summary>The key of <paramref name="name"/> for an entity of <paramref name="type"/>.</summary>
    public static string For(string name, string? type = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        return type is not null && SystemTypes.Contains(type) ? type + ":" + Identifier(name) : Normalise(name);
    }

    /// <summary>True when entities of <paramref name="type"/> are identifiers (see <see cref="SystemTypes"/>).</summary>
    public static bool IsSystemType(string? type) => type is not null && SystemTypes.Contains(type);

    /// <summary>The normalised form of a free-form name ("The  Kiln-Controller!" → "kiln controller").</summary>
    public static string Normalise(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var decomposed = name.Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                pendingSpace = false;
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (c is '&' or '+' or '#' or '@')
            {
                // Meaningful in names (AT&T, C++, C#): kept, glued to the word.
                builder.Append(c);
            }
            else
            {
                pendingSpace = true;
            }
        }

        var key = builder.ToString();
        foreach (var article in Articles)
        {
            if (key.Length > article.Length && key.StartsWith(article, StringComparison.Ordinal))
            {
                return key[article.Length..];
            }
        }

        return key;
    }

    /// <summary>An identifier as its key: trimmed and case folded, nothing else changed (paths and tool names keep their dots and slashes).</summary>
    public static string Identifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant();
    }

    private static readonly string[] Articles = ["the ", "a ", "an "];
}
