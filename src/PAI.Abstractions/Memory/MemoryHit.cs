namespace PAI.Abstractions.Memory;

/// <summary>A search result: the memory and why it ranked where it did.</summary>
/// <param name="Record">The memory.</param>
/// <param name="Score">The final score (higher is better; comparable only within one search).</param>
/// <param name="KeywordScore">The full-text engine's score, when the memory matched the words.</param>
/// <param name="VectorScore">Cosine similarity to the query, when compared.</param>
[GenerateSerializer, Immutable]
public sealed record MemoryHit(
    [property: Id(0)] MemoryRecord Record,
    [property: Id(1)] double Score,
    [property: Id(2)] double? KeywordScore,
    [property: Id(3)] double? VectorScore);
