using PAI.Memory.Notes;

namespace PAI.Host.Apis.Models;

/// <summary>What <c>PUT /api/notes/{path}</c> stored: the note's title, how many chunks were indexed into memory, its links and tags, and whether its content changed.</summary>
public sealed record NoteResponse(string Path, string Title, int Chunks, IReadOnlyList<string> Links, IReadOnlyList<string> Tags, bool Changed)
{
    /// <summary>The view of an indexed note.</summary>
    public static NoteResponse From(NoteIndexResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.Path, result.Title, result.Chunks, result.Links, result.Tags, result.Changed);
    }
}
