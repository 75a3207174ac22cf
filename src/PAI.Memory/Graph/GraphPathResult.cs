using PAI.Abstractions.Knowledge;

namespace PAI.Memory.Graph;

/// <summary>A shortest path between two entities: each step's fact and the entity it leads to; null steps when none within <paramref name="MaxDepth"/>.</summary>
public sealed record GraphPathResult(GraphEntity From, GraphEntity To, IReadOnlyList<(FactView Fact, GraphEntity Entity)>? Steps, int MaxDepth);
