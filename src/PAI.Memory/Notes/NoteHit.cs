namespace PAI.Memory.Notes;

/// <summary>A note found by a search: its path, title, the best matching chunk and that chunk's score.</summary>
public sealed record NoteHit(string Path, string Title, double Score, string Text);
