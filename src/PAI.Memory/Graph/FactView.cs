using PAI.Abstractions.Knowledge;

namespace PAI.Memory.Graph;

/// <summary>A fact with its subject's and object's names.</summary>
public sealed record FactView(GraphFact Fact, string Subject, string? Object);
