namespace PAI.Abstractions.Knowledge;

/// <summary>An entity's name embedding, for resolution.</summary>
public sealed record EntityVector(string Id, string Name, string? Type, DateTimeOffset CreatedAt, float[] Vector);
