namespace PAI.Memory.Graph;

/// <summary>What an assert stored: each fact's id in input order, the conflicts, and whether it was a replay.</summary>
public sealed record GraphAssertResult(IReadOnlyList<string> FactIds, IReadOnlyList<ConflictView> Conflicts, bool Replayed);
