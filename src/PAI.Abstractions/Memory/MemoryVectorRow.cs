namespace PAI.Abstractions.Memory;

/// <summary>What a memory grain caches of one memory to search it: everything but the text.</summary>
/// <param name="Id">The memory's id.</param>
/// <param name="Sequence">The principal's change sequence at which this version of the row was written.</param>
/// <param name="Ordinal">The sequence it was first added with: its place in recording order, which re-embedding keeps.</param>
/// <param name="Scope">Its scope.</param>
/// <param name="Metadata">Its metadata object as JSON text, or null.</param>
/// <param name="OccurredAt">When it happened.</param>
/// <param name="Model">The model that embedded it.</param>
/// <param name="Vector">The embedding.</param>
public sealed record MemoryVectorRow(
    string Id,
    long Sequence,
    long Ordinal,
    MemoryScope Scope,
    string? Metadata,
    DateTimeOffset OccurredAt,
    string Model,
    float[] Vector);
