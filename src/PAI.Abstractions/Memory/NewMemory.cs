namespace PAI.Abstractions.Memory;

/// <summary>A memory to store: the record, its vector, and the text the store's full-text index should hold for it.</summary>
/// <param name="Record">The memory (its <see cref="MemoryRecord.Model"/> and <see cref="MemoryRecord.Dimensions"/> describe <paramref name="Vector"/>).</param>
/// <param name="Vector">The embedding, <see cref="MemoryRecord.Dimensions"/> floats.</param>
/// <param name="KeywordDocument">What the full-text index holds for it (the text, and whatever the retrieval adds, e.g. its date).</param>
public sealed record NewMemory(MemoryRecord Record, ReadOnlyMemory<float> Vector, string KeywordDocument);
