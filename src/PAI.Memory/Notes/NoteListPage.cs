namespace PAI.Memory.Notes;

/// <summary>One page of a principal's notes in path order; <see cref="Next"/> is the last path of the page when more follow.</summary>
public sealed record NoteListPage(IReadOnlyList<NoteSummary> Items, string? Next);
