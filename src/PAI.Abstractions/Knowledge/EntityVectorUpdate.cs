namespace PAI.Abstractions.Knowledge;

/// <summary>The embedding of an entity's name (null <paramref name="Vector"/>: the entity is never compared, e.g. a system type).</summary>
public sealed record EntityVectorUpdate(string Principal, string Id, string Model, ReadOnlyMemory<float>? Vector);
