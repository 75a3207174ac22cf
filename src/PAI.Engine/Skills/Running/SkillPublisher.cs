using PAI.Abstractions.Tools;
using PAI.Engine.Skills.Publishing;
using PAI.Engine.Tools;

namespace PAI.Engine.Skills.Running;

/// <summary>Moves staged files into place file by file (a publish without <c>atomic: true</c>). Each move is an atomic
/// rename; after a crash a file already moved is recognised (gone from staging, present at the target) and counted as
/// published. Temporary files of writes a crash interrupted are never published (<see cref="AtomicFile"/>).</summary>
internal static class SkillPublisher
{
    /// <summary>Publishes <paramref name="from"/> (relative to the staging folder) to <paramref name="target"/>; returns
    /// the paths published, named as the target names them.</summary>
    public static List<string> Publish(string workspace, string staging, string from, SkillPublishTarget target)
    {
        var source = WorkspacePath.Resolve(workspace, $"{staging}/{from}");
        var prefix = target.Label[..^WorkspacePath.ToRelative(target.Root, target.Path).Length];
        string Name(string path) => prefix + WorkspacePath.ToRelative(target.Root, path);
        var published = new List<string>();
        if (File.Exists(source))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target.Path)!);
            File.Move(source, target.Path, overwrite: true);
            published.Add(Name(target.Path));
        }
        else if (Directory.Exists(source))
        {
            // A write killed in an earlier attempt of a phase left its temporary file; it is not output.
            AtomicFile.RemoveLeftovers(source);
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList())
            {
                var destination = Path.Combine(target.Path, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Move(file, destination, overwrite: true);
                published.Add(Name(destination));
            }

            if (published.Count == 0 && Directory.Exists(target.Path))
            {
                published.AddRange(Directory.EnumerateFiles(target.Path, "*", SearchOption.AllDirectories).Select(Name));
            }
        }
        else if (File.Exists(target.Path))
        {
            published.Add(Name(target.Path));
        }
        else
        {
            throw new ToolException($"nothing staged at '{from}' (write it under ${{run.staging}}/{from})");
        }

        return published;
    }
}
