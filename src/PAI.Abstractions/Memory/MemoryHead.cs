namespace PAI.Abstractions.Memory;

/// <summary>
/// Where a principal's memories stand, for caches: every change (add, re-embed, delete) takes the next
/// <see cref="Sequence"/>; forgetting everything starts a new <see cref="Epoch"/>. A cache at (epoch, sequence) is
/// current when both are equal; with the same epoch it catches up by reading rows and tombstones after its sequence,
/// unless tombstones it needs were already pruned (its sequence is below <see cref="PrunedThrough"/>): then it reloads.
/// </summary>
/// <param name="Epoch">Bumped when all of the principal's memories were forgotten.</param>
/// <param name="Sequence">The last change's sequence number (0: never changed).</param>
/// <param name="PrunedThrough">Tombstones at or below this sequence were pruned.</param>
public readonly record struct MemoryHead(long Epoch, long Sequence, long PrunedThrough);
