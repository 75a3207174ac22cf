using PAI.Memory.Notes;

namespace PAI.Host.Apis.Models;

/// <summary>A note as listed: its path, title, tags, size in bytes and when its file last changed.</summary>
public sealed record NoteSummaryResponse(string Path, string Title, IReadOnlyList<string> Tags, long Size, DateTimeOffset UpdatedAt)
{
    /// <summary>The view of a listed note.</summary>
    public static NoteSummaryResponse From(NoteSummary note)
    {
        ArgumentNullException.ThrowIfNull(note);
        return new(note.Path, note.Title, note.Tags, note.Size, note.UpdatedAt);
    }
}
