namespace PAI.Memory.Memories;

/// <summary>Why a request was refused: the JSON path of the offending field and a readable message.</summary>
public sealed record MemoryError(string Path, string Message);
