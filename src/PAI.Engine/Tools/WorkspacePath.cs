using PAI.Abstractions.Tools;

namespace PAI.Engine.Tools;

/// <summary>Confines tool paths to a goal's workspace folder.</summary>
/// <remarks>
/// <see cref="Check"/> is the lexical rule usable at plan time (no disk access); <see cref="Resolve"/> adds the
/// symlink rule, which needs the disk: every existing component of the path is resolved the way the kernel would,
/// and the final location must still be inside the (resolved) workspace and outside its hidden <c>.pai</c> folder.
/// A dangling link is followed too, because writing through it would create its target.
/// </remarks>
public static class WorkspacePath
{
    /// <summary>The engine's own folder inside each workspace (journals, locks); tools may not touch it.</summary>
    public const string HiddenFolder = ".pai";

    private const int MaxLinkHops = 40;

    private static readonly char[] Separators = ['/', '\\'];

    /// <summary>The lexical check: null when <paramref name="relative"/> is acceptable, else a readable error.</summary>
    public static string? Check(string? relative)
    {
        if (string.IsNullOrWhiteSpace(relative))
        {
            return "path is empty";
        }

        if (relative.Contains('\0', StringComparison.Ordinal))
        {
            return $"path '{Printable(relative)}' contains a NUL character";
        }

        if (Path.IsPathRooted(relative) || relative[0] is '/' or '\\' || (relative.Length >= 2 && relative[1] == ':'))
        {
            return $"path '{relative}' is absolute; use a path relative to the goal's workspace";
        }

        var segments = relative.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        if (segments.Any(s => s == ".."))
        {
            return $"path '{relative}' leaves the goal's workspace";
        }

        var meaningful = segments.Where(s => s != ".").ToArray();
        if (meaningful.Length == 0)
        {
            return $"path '{relative}' names the workspace itself, not a file";
        }

        if (string.Equals(meaningful[0], HiddenFolder, StringComparison.OrdinalIgnoreCase))
        {
            return $"path '{relative}' is inside the engine's hidden '{HiddenFolder}' folder";
        }

        return null;
    }

    /// <summary>Resolves <paramref name="relative"/> inside <paramref name="workspace"/> to an absolute path with
    /// every symlink resolved; throws a non-retryable <see cref="ToolException"/> when it
    /// is refused.</summary>
    public static string Resolve(string workspace, string relative)
    {
        if (Check(relative) is { } error)
        {
            throw new ToolException(error, retryable: false);
        }

        var root = RealWorkspace(workspace);
        var real = RealPath(Path.Combine(root, relative));
        if (!IsUnder(root, real))
        {
            throw new ToolException(
                $"path '{relative}' leaves the goal's workspace through a symbolic link", retryable: false);
        }

        var hidden = Path.Combine(root, HiddenFolder);
        if (real.Equals(hidden, StringComparison.OrdinalIgnoreCase) || IsUnder(hidden, real, StringComparison.OrdinalIgnoreCase))
        {
            throw new ToolException(
                $"path '{relative}' is inside the engine's hidden '{HiddenFolder}' folder", retryable: false);
        }

        return real;
    }

    /// <summary>The workspace as an absolute path with symlinks resolved (it need not exist yet).</summary>
    public static string RealWorkspace(string workspace)
    {
        if (string.IsNullOrWhiteSpace(workspace) || !Path.IsPathRooted(workspace))
        {
            throw new ToolException("the goal's workspace is not an absolute path", retryable: false);
        }

        return RealPath(workspace);
    }

    /// <summary>The workspace-relative form of a resolved path, with '/' separators.</summary>
    public static string ToRelative(string realWorkspace, string realPath) =>
        Path.GetRelativePath(realWorkspace, realPath).Replace('\\', '/');

    private static bool IsUnder(string folder, string path, StringComparison comparison = StringComparison.Ordinal)
    {
        var prefix = folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, comparison);
    }

    /// <summary>realpath(3) that tolerates missing components: links are followed (recursively, with a hop
    /// limit), "." and ".." are applied to the already-resolved prefix, missing components are kept as written.</summary>
    internal static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var rootPart = Path.GetPathRoot(full) ?? "/";
        var pending = new LinkedList<string>(full[rootPart.Length..].Split(Separators, StringSplitOptions.RemoveEmptyEntries));
        var real = rootPart;
        var hops = 0;
        while (pending.First is { } node)
        {
            pending.RemoveFirst();
            var segment = node.Value;
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                real = Path.GetDirectoryName(real) ?? rootPart;
                continue;
            }

            var candidate = Path.Combine(real, segment);
            var target = new FileInfo(candidate).LinkTarget;
            if (target is null)
            {
                real = candidate;
                continue;
            }

            if (++hops > MaxLinkHops)
            {
                throw new ToolException($"too many symbolic links under '{candidate}'", retryable: false);
            }

            if (Path.IsPathRooted(target))
            {
                real = Path.GetPathRoot(target) ?? rootPart;
            }

            var targetSegments = target.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
            for (var i = targetSegments.Length - 1; i >= 0; i--)
            {
                pending.AddFirst(targetSegments[i]);
            }
        }

        return real;
    }

    private static string Printable(string s) => s.Replace("\0", "\\0", StringComparison.Ordinal);
}
