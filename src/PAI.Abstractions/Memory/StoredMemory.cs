namespace PAI.Abstractions.Memory;

/// <summary>A memory read back from the store, with its vector when asked for.</summary>
/// <param name="Record">The memory.</param>
/// <param name="Vector">Its embedding, or null when not requested.</param>
public sealed record StoredMemory(MemoryRecord Record, float[]? Vector);
