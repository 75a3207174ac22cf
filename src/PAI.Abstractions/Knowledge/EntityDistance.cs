namespace PAI.Abstractions.Knowledge;

/// <summary>An entity reached by a walk, and in how many steps.</summary>
public readonly record struct EntityDistance(string EntityId, int Depth);
