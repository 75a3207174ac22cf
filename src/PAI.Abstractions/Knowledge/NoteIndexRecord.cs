namespace PAI.Abstractions.Knowledge;

/// <summary>
/// What PAI derived from one note file: the content hash it indexed, the memories holding its chunks and the episode
/// its graph edges came from. <paramref name="PendingDeletes"/> are memories of an earlier version still to delete
/// (kept here so a crash between the steps of a re-index leaks nothing).
/// </summary>
public sealed record NoteIndexRecord(
    string Principal,
    string Path,
    string Hash,
    IReadOnlyList<string> MemoryIds,
    string EpisodeId,
    IReadOnlyList<string> PendingDeletes,
    DateTimeOffset IndexedAt);
