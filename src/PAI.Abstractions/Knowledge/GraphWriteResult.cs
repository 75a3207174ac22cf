namespace PAI.Abstractions.Knowledge;

/// <summary>What a graph write stored.</summary>
/// <param name="FactIds">The id of each fact in input order: a new fact's, or the id of the current fact that already said it.</param>
/// <param name="Conflicts">Current facts the write closed or that cut a new fact short.</param>
/// <param name="EntityIds">The entity each mention resolved to (the write's mentions, then each fact's subject and object), in order.</param>
/// <param name="Replayed">True when the episode was already stored: nothing changed, and <paramref name="Conflicts"/> is empty.</param>
public sealed record GraphWriteResult(
    IReadOnlyList<string> FactIds,
    IReadOnlyList<FactConflict> Conflicts,
    IReadOnlyList<string> EntityIds,
    bool Replayed);
