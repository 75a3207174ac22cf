namespace PAI.Abstractions.Knowledge;

/// <summary>What a store does for one write's facts (see <see cref="FactIngestPlanner"/>).</summary>
/// <param name="FactIds">The fact each input resolved to, in input order.</param>
/// <param name="NewFacts">Facts to insert (one the same write superseded already carries its <c>invalidatedAt</c>).</param>
/// <param name="Invalidations">Stored facts to retire: (fact id, the fact superseding it).</param>
/// <param name="Conflicts">The conflicts to report.</param>
public sealed record FactIngestPlan(
    IReadOnlyList<string> FactIds,
    IReadOnlyList<GraphFact> NewFacts,
    IReadOnlyList<(string FactId, string SupersededBy)> Invalidations,
    IReadOnlyList<FactConflict> Conflicts);
