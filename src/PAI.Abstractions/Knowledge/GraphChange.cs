namespace PAI.Abstractions.Knowledge;

/// <summary>One change to the graph: a fact learned (<see cref="GraphChangeKind.Added"/>) or retired (<see cref="GraphChangeKind.Invalidated"/>) at <paramref name="At"/>.</summary>
public sealed record GraphChange(DateTimeOffset At, GraphChangeKind Kind, GraphFact Fact);
