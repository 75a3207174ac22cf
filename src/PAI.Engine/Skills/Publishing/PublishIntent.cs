using System.Text.Json;

namespace PAI.Engine.Skills.Publishing;

/// <summary>The durable record of one all-or-nothing folder publish, saved in the run's state before the rename that
/// makes the folder visible. After a crash it tells the resumed run whether that rename happened (the target has the
/// staged folder's inode) and, if the run then fails, how to take the folder back.</summary>
/// <param name="Source">The staged folder (absolute); after a swap it holds the folder that was replaced.</param>
/// <param name="Target">Where the folder is published (absolute).</param>
/// <param name="Inode">The staged folder's inode, which a rename keeps.</param>
/// <param name="Replaces">Whether a folder was already at the target (the publish swaps it out).</param>
/// <param name="Aside">Where a replaced folder goes when the file system cannot swap two folders in one step.</param>
/// <param name="Withdrawn">Where a withdrawn publish goes (inside the run's temp folder, removed by cleanup).</param>
/// <param name="Label">How published paths are named in the run's output (workspace-relative, or <c>sites/{site}/...</c>).</param>
internal sealed record PublishIntent(string Source, string Target, ulong Inode, bool Replaces, string Aside, string Withdrawn, string Label)
{
    /// <summary>The record as stored in <see cref="SkillRunState.PublishIntents"/>.</summary>
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Reads a stored record.</summary>
    public static PublishIntent FromJson(string json) =>
        JsonSerializer.Deserialize<PublishIntent>(json) ?? throw new FormatException("an empty publish intent");
}
