using PAI.Abstractions.Tools;
using PAI.Engine.Tools;

namespace PAI.Engine.Skills.Running;

/// <summary>Moves staged files into the workspace. Each move is an atomic rename; after a crash a file already moved is
/// recognised (gone from staging, present at the target) and counted as published.</summary>
internal static class SkillPublisher
{
    /// <summary>Publishes <paramref name="from"/> (relative to the staging folder) to <paramref name="to"/>; returns the
    /// workspace paths published.</summary>
    public static List<string> Publish(string workspace, string staging, string from, string to)
    {
        var source = WorkspacePath.Resolve(workspace, $"{staging}/{from}");
        var target = WorkspacePath.Resolve(workspace, to);
        var root = WorkspacePath.RealWorkspace(workspace);
        var published = new List<string>();
        if (File.Exists(source))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(source, target, overwrite: true);
            published.Add(WorkspacePath.ToRelative(root, target));
        }
        else if (Directory.Exists(source))
        {
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList())
            {
                var destination = Path.Combine(target, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Move(file, destination, overwrite: true);
                published.Add(WorkspacePath.ToRelative(root, destination));
            }

            if (published.Count == 0 && Directory.Exists(target))
            {
                published.AddRange(Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories).Select(f => WorkspacePath.ToRelative(root, f)));
            }
        }
        else if (File.Exists(target))
        {
            published.Add(WorkspacePath.ToRelative(root, target));
        }
        else
        {
            throw new ToolException($"nothing staged at '{from}' (write it under ${{run.staging}}/{from})");
        }

        return published;
    }
}
