using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PAI.Abstractions.Tools;
using PAI.Engine.Tools;

namespace PAI.Engine.Skills.Publishing;

/// <summary>Where a commit's <c>publish</c> item goes: <c>to</c> inside the goal's workspace, or, with <c>site</c>,
/// inside that site's folder (<c>{sites}/{site}/{to}</c>, served at <c>/sites/{site}/{to}</c>).</summary>
/// <param name="Root">The folder <paramref name="Path"/> is inside (resolved).</param>
/// <param name="Path">The target (absolute, resolved).</param>
/// <param name="Label">How published paths are named: workspace-relative, or <c>sites/{site}/{to}</c>.</param>
internal sealed partial record SkillPublishTarget(string Root, string Path, string Label)
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex SiteName();

    /// <summary>Resolves a publish item's <c>to</c> and <c>site</c>; a bad site name or a path that leaves its root is refused.</summary>
    public static SkillPublishTarget Of(JsonObject spec, string workspace, string sitesRoot)
    {
        var to = spec["to"]?.GetValue<string>() ?? "";
        if (spec["site"] is not { } siteNode)
        {
            var root = WorkspacePath.RealWorkspace(workspace);
            var target = WorkspacePath.Resolve(workspace, to);
            return new SkillPublishTarget(root, target, WorkspacePath.ToRelative(root, target));
        }

        var site = siteNode is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
        if (!SiteName().IsMatch(site))
        {
            throw new ToolException($"site '{site}' must be 1-64 lower-case letters, digits or '-'", retryable: false);
        }

        var siteRoot = System.IO.Path.Combine(System.IO.Path.GetFullPath(sitesRoot), site);
        Directory.CreateDirectory(siteRoot);
        var resolved = WorkspacePath.Resolve(siteRoot, to);
        var real = WorkspacePath.RealWorkspace(siteRoot);
        return new SkillPublishTarget(real, resolved, $"sites/{site}/{WorkspacePath.ToRelative(real, resolved)}");
    }

    /// <summary>The intent of publishing the staged folder <paramref name="from"/> here as one unit.</summary>
    public PublishIntent Prepare(string workspace, string temp, string staging, string from, string key)
    {
        var source = WorkspacePath.Resolve(workspace, $"{staging}/{from}");

        // A write killed in an earlier attempt of a phase left its temporary file; it is not part of the folder.
        AtomicFile.RemoveLeftovers(source);
        var safeKey = key.Replace('/', '_');
        return FolderPublisher.Prepare(
            source,
            Path,
            WorkspacePath.Resolve(workspace, $"{temp}/replaced/{safeKey}"),
            WorkspacePath.Resolve(workspace, $"{temp}/withdrawn/{safeKey}"),
            Label);
    }
}
