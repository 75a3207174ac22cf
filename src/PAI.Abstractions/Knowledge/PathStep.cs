namespace PAI.Abstractions.Knowledge;

/// <summary>One step of a path: the fact walked (either direction) and the entity it led to.</summary>
public readonly record struct PathStep(string FactId, string EntityId);
