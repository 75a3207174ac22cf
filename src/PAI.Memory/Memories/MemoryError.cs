namespace PAI.Memory.Memories;

/// <summary>Why a request was refused: the path of the offending field (<c>items[1].text</c>; <c>$</c> for the whole request) and a readable message.</summary>
public sealed record MemoryError(string Path, string Message);
