using System.Text;

namespace PAI.Memory.Notes;

/// <summary>
/// Note paths: relative, '/'-separated, ending in <c>.md</c>, each segment a plain name (no empty, <c>.</c> or
/// <c>..</c> segment, none starting with '.', no '\', ':', control or wildcard characters), at most 16 segments and
/// 400 characters. A principal's folder name is its name percent-encoded (a leading '.' too), so every principal has
/// exactly one folder, it never escapes the notes folder, and it decodes back. Pure.
/// </summary>
public static class NotePaths
{
    /// <summary>The longest note path.</summary>
    public const int MaxLength = 400;

    /// <summary>The most folders plus the file name.</summary>
    public const int MaxSegments = 16;

    /// <summary>Null when <paramref name="path"/> is a valid note path; else why not.</summary>
    public static string? Check(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "a note path is required";
        }

        if (path.Length > MaxLength)
        {
            return $"at most {MaxLength} characters";
        }

        if (!path.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || path.Length == 3)
        {
            return "must name a markdown file ending in .md";
        }

        var segments = path.Split('/');
        if (segments.Length > MaxSegments)
        {
            return $"at most {MaxSegments} segments";
        }

        foreach (var segment in segments)
        {
            if (segment.Length == 0)
            {
                return "must be relative, with no empty segment";
            }

            if (segment[0] == '.')
            {
                return "no segment may start with '.' (no '..', no hidden files)";
            }

            if (segment.EndsWith(' ') || segment.Length > 255)
            {
                return "a segment may not end with a space or exceed 255 characters";
            }

            foreach (var c in segment)
            {
                if (char.IsControl(c) || c is '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|')
                {
                    return $"'{c}' is not allowed in a note path";
                }
            }
        }

        return null;
    }

    /// <summary>The folder name of <paramref name="principal"/> inside the notes folder.</summary>
    public static string FolderOf(string principal)
    {
        ArgumentException.ThrowIfNullOrEmpty(principal);
        var escaped = Uri.EscapeDataString(principal);
        var builder = new StringBuilder(escaped.Length + 8);
        var i = 0;
        while (i < escaped.Length && escaped[i] == '.')
        {
            builder.Append("%2E");
            i++;
        }

        return builder.Append(escaped, i, escaped.Length - i).ToString();
    }

    /// <summary>The principal whose folder is <paramref name="folder"/>, or null when it is not one <see cref="FolderOf"/> makes.</summary>
    public static string? PrincipalOf(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (folder.Length == 0 || folder[0] == '.')
        {
            return null;
        }

        var principal = Uri.UnescapeDataString(folder);
        return principal.Length > 0 && FolderOf(principal) == folder ? principal : null;
    }

    /// <summary>The keys a note is known by in the graph: its path, and its file name without <c>.md</c> (how Obsidian links resolve).</summary>
    public static IReadOnlyList<string> KeysOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ["note:" + path.ToLowerInvariant(), "note:" + BaseName(path).ToLowerInvariant()];
    }

    /// <summary>The keys of a wikilink's target: <c>[[kiln]]</c> by name, <c>[[projects/kiln]]</c> by path first.</summary>
    public static IReadOnlyList<string> KeysOfLink(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var path = target.Trim().TrimStart('/');
        if (!path.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
        {
            path += ".md";
        }

        return path.Contains('/', StringComparison.Ordinal) ? KeysOf(path) : ["note:" + BaseName(path).ToLowerInvariant()];
    }

    /// <summary>The file name without folders and <c>.md</c>.</summary>
    public static string BaseName(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = path[(path.LastIndexOf('/') + 1)..];
        return name.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? name[..^3] : name;
    }
}
