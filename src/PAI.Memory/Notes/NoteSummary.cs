namespace PAI.Memory.Notes;

/// <summary>A note as listed: its path, title and tags (read from its markdown as indexing reads them), its size in
/// bytes and when its file last changed.</summary>
public sealed record NoteSummary(string Path, string Title, IReadOnlyList<string> Tags, long Size, DateTimeOffset UpdatedAt);
