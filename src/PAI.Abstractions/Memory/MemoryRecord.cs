namespace PAI.Abstractions.Memory;

/// <summary>One stored memory, without its vector.</summary>
/// <param name="Id">The memory's id (<c>m_</c> and 32 hex digits).</param>
/// <param name="Scope">Whose it is and where it belongs.</param>
/// <param name="Text">What is remembered.</param>
/// <param name="Metadata">A JSON object (as text) the caller attached, or null.</param>
/// <param name="OccurredAt">When it happened (the time the caller gave, else when it was recorded).</param>
/// <param name="RecordedAt">When PAI stored it.</param>
/// <param name="Model">The embedding model that made its vector (see <see cref="EmbeddingModelId"/>).</param>
/// <param name="Dimensions">The length of its vector.</param>
[GenerateSerializer, Immutable]
public sealed record MemoryRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] MemoryScope Scope,
    [property: Id(2)] string Text,
    [property: Id(3)] string? Metadata,
    [property: Id(4)] DateTimeOffset OccurredAt,
    [property: Id(5)] DateTimeOffset RecordedAt,
    [property: Id(6)] string Model,
    [property: Id(7)] int Dimensions);
