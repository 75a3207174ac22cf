namespace PAI.Memory.Notes;

/// <summary>A note version waiting for the model to read facts out of it.</summary>
/// <param name="Principal">Whose note.</param>
/// <param name="Path">The note's path.</param>
/// <param name="Hash">The SHA-256 of the version to read (a newer version makes the request stale).</param>
public sealed record NoteExtractionRequest(string Principal, string Path, string Hash);
