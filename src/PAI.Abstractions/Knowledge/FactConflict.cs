namespace PAI.Abstractions.Knowledge;

/// <summary>
/// A single-valued fact that met a current fact with another object over an overlapping time. The newer start wins:
/// <see cref="FactConflictKind.Superseded"/> when the new fact closed the current one (it is retired, never deleted),
/// <see cref="FactConflictKind.Truncated"/> when the new fact started earlier and was stored as ending where the current one starts.
/// </summary>
/// <param name="Index">The new fact's position in the write.</param>
/// <param name="FactId">The new fact.</param>
/// <param name="Kind">Which of the two gave way.</param>
/// <param name="Existing">The current fact as it was before the write.</param>
public sealed record FactConflict(int Index, string FactId, FactConflictKind Kind, GraphFact Existing);
