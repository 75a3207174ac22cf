namespace PAI.Abstractions.Storage;

/// <summary>A place in the key list's order (creation time, then id): the next page starts after it.</summary>
/// <param name="CreatedAt">The creation time of the last key already seen.</param>
/// <param name="KeyId">Its id, which breaks ties.</param>
public sealed record ApiKeyPosition(DateTimeOffset CreatedAt, string KeyId);
