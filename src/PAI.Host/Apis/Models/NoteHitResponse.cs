using PAI.Memory.Notes;

namespace PAI.Host.Apis.Models;

/// <summary>A note found by a search: its path, title, score and best matching text.</summary>
public sealed record NoteHitResponse(string Path, string Title, double Score, string Text)
{
    /// <summary>The view of a hit.</summary>
    public static NoteHitResponse From(NoteHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        return new(hit.Path, hit.Title, Math.Round(hit.Score, 6), hit.Text);
    }
}
