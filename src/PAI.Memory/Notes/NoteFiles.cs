namespace PAI.Memory.Notes;

/// <summary>
/// The notes folder on disk: a principal's folder and the file of a note path inside it, refusing anything that would
/// leave it (checked paths only, and no symbolic link anywhere from the notes folder down to the file).
/// </summary>
public sealed class NoteFiles(string root)
{
    /// <summary>The notes folder (absolute).</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The principal's folder (absolute).</summary>
    public string FolderOf(string principal) => Path.Combine(Root, NotePaths.FolderOf(principal));

    /// <summary>The file of <paramref name="path"/> (already checked by <see cref="NotePaths.Check"/>), or null when a symbolic link lies on the way.</summary>
    public string? FileOf(string principal, string path)
    {
        var folder = FolderOf(principal);
        var full = Path.GetFullPath(Path.Combine(folder, path.Replace('/', Path.DirectorySeparatorChar)));
        if (!full.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return null;
        }

        // Every existing component from the notes folder down must be a plain folder (or, last, a plain file).
        var current = Root;
        if (IsLink(current))
        {
            return null;
        }

        foreach (var part in full[(Root.Length + 1)..].Split(Path.DirectorySeparatorChar))
        {
            current = Path.Combine(current, part);
            if (IsLink(current))
            {
                return null;
            }
        }

        return full;
    }

    /// <summary>Every note of the principal on disk, as (relative path, file), skipping hidden folders, links and invalid names.</summary>
    public IEnumerable<(string Path, string File)> List(string principal)
    {
        var folder = FolderOf(principal);
        if (!Directory.Exists(folder) || IsLink(folder))
        {
            yield break;
        }

        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
            {
                if (entry.Name.StartsWith('.') || entry.LinkTarget is not null)
                {
                    continue;
                }

                if (entry is DirectoryInfo)
                {
                    pending.Push(entry.FullName);
                    continue;
                }

                var relative = Path.GetRelativePath(folder, entry.FullName).Replace(Path.DirectorySeparatorChar, '/');
                if (NotePaths.Check(relative) is null)
                {
                    yield return (relative, entry.FullName);
                }
            }
        }
    }

    /// <summary>The principals with a folder here.</summary>
    public IEnumerable<string> Principals() =>
        Directory.Exists(Root)
            ? new DirectoryInfo(Root).EnumerateDirectories().Where(d => d.LinkTarget is null).Select(d => NotePaths.PrincipalOf(d.Name)).OfType<string>()
            : [];

    /// <summary>Maps a file or folder under <see cref="Root"/> to (principal, relative path), or null when it is not in a principal's folder.</summary>
    public (string Principal, string Path)? Locate(string fullPath)
    {
        var full = Path.GetFullPath(fullPath);
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return null;
        }

        var relative = full[(Root.Length + 1)..].Replace(Path.DirectorySeparatorChar, '/');
        var slash = relative.IndexOf('/', StringComparison.Ordinal);
        var principal = NotePaths.PrincipalOf(slash < 0 ? relative : relative[..slash]);
        return principal is null ? null : (principal, slash < 0 ? "" : relative[(slash + 1)..]);
    }

    // lstat, not stat: a dangling link counts too (writing through it would create its target elsewhere).
    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;
}
