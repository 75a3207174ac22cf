namespace PAI.Abstractions.Memory;

/// <summary>A new vector for a memory, applied only while the row still has <paramref name="PreviousModel"/>.</summary>
public sealed record MemoryVectorUpdate(string Principal, string Id, string PreviousModel, string Model, ReadOnlyMemory<float> Vector);
