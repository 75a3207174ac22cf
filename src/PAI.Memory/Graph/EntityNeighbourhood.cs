using PAI.Abstractions.Knowledge;

namespace PAI.Memory.Graph;

/// <summary>An entity, the entities within some steps of it and the facts among them, as of a time.</summary>
/// <param name="Entity">The entity asked for.</param>
/// <param name="Neighbours">Entities reached, nearest first, with their distance (the entity itself left out).</param>
/// <param name="Facts">Facts among them visible at <paramref name="AsOf"/>.</param>
/// <param name="AsOf">The time the graph was read at.</param>
/// <param name="Truncated">True when a limit cut the answer short.</param>
public sealed record EntityNeighbourhood(GraphEntity Entity, IReadOnlyList<(GraphEntity Entity, int Depth)> Neighbours, IReadOnlyList<FactView> Facts, DateTimeOffset AsOf, bool Truncated);
