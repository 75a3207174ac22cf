using PAI.Abstractions.Tools;

namespace PAI.Engine.Skills.Publishing;

/// <summary>
/// Publishes a staged folder as one unit: a reader sees all of its files or none of them, across <c>kill -9</c> at any
/// point. A new target is one <c>rename(2)</c>; an existing one is swapped with <c>renameat2(RENAME_EXCHANGE)</c>, so the
/// old folder is visible until the instant the new one is. <see cref="Prepare"/> makes the intent, which the caller
/// saves durably; <see cref="Apply"/> and <see cref="Withdraw"/> are idempotent, deciding from the target's inode
/// whether the rename already happened.
/// </summary>
internal static class FolderPublisher
{
    /// <summary>The intent for publishing <paramref name="source"/> to <paramref name="target"/>; throws when nothing is
    /// staged there or the target is a file.</summary>
    public static PublishIntent Prepare(string source, string target, string aside, string withdrawn, string label)
    {
        if (!Directory.Exists(source))
        {
            throw new ToolException($"nothing staged at '{source}': an atomic publish needs a staged folder", retryable: false);
        }

        if (File.Exists(target))
        {
            throw new ToolException($"'{label}' is a file; an atomic publish replaces folders only", retryable: false);
        }

        var inode = FileSystemNative.Inode(source) ?? throw new ToolException("an atomic folder publish needs Linux (statx)", retryable: false);
        return new PublishIntent(source, target, inode, Directory.Exists(target), aside, withdrawn, label);
    }

    /// <summary>Makes the staged folder visible at the target, unless that already happened.</summary>
    public static void Apply(PublishIntent intent)
    {
        if (IsPublished(intent))
        {
            return;
        }

        if (FileSystemNative.Inode(intent.Source) != intent.Inode)
        {
            throw new ToolException($"the staged folder for '{intent.Label}' is gone and was not published", retryable: false);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(intent.Target)!);
        if (Directory.Exists(intent.Target))
        {
            if (FileSystemNative.TryExchange(intent.Source, intent.Target))
            {
                return;
            }

            // No atomic swap on this file system: the old folder steps aside first, so a reader may find the target
            // missing for a moment, but never half-written.
            Directory.CreateDirectory(Path.GetDirectoryName(intent.Aside)!);
            if (Directory.Exists(intent.Aside))
            {
                Directory.Delete(intent.Aside, recursive: true);
            }

            Directory.Move(intent.Target, intent.Aside);
        }

        Directory.Move(intent.Source, intent.Target);
    }

    /// <summary>Takes a published folder back (a check after the commit failed): the replaced folder returns, or the
    /// target disappears; nothing happens when the folder is not (or no longer) published.</summary>
    public static void Withdraw(PublishIntent intent)
    {
        if (!IsPublished(intent))
        {
            return;
        }

        if (intent.Replaces && Directory.Exists(intent.Source) && FileSystemNative.TryExchange(intent.Source, intent.Target))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(intent.Withdrawn)!);
        Directory.Move(intent.Target, intent.Withdrawn);
        if (intent.Replaces && Directory.Exists(intent.Aside))
        {
            Directory.Move(intent.Aside, intent.Target);
        }
    }

    /// <summary>Every file under the published folder, named with the intent's label as prefix.</summary>
    public static List<string> Files(PublishIntent intent) =>
        !Directory.Exists(intent.Target) ? [] :
        Directory.EnumerateFiles(intent.Target, "*", SearchOption.AllDirectories)
            .Select(f => $"{intent.Label}/{Path.GetRelativePath(intent.Target, f).Replace('\\', '/')}")
            .Order(StringComparer.Ordinal)
            .ToList();

    private static bool IsPublished(PublishIntent intent) => FileSystemNative.Inode(intent.Target) == intent.Inode;
}
