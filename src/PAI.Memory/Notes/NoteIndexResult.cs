namespace PAI.Memory.Notes;

/// <summary>What indexing a note did: its title, chunks (memories), links and tags; <paramref name="Changed"/> false when the indexed content was already this.</summary>
public sealed record NoteIndexResult(string Path, string Title, int Chunks, IReadOnlyList<string> Links, IReadOnlyList<string> Tags, bool Changed);
