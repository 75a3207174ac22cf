namespace PAI.Abstractions.Memory;

/// <summary>
/// Searches the memories of one scope (key: <see cref="MemoryScope.ToKey"/>). It caches the vectors of the memories
/// inside its scope and, before every search, catches up with the principal's changes in the store, so a memory
/// acknowledged by a write is found by the next search wherever it was written.
/// </summary>
public interface IMemoryGrain : IGrainWithStringKey
{
    /// <summary>Runs one search over the scope's memories.</summary>
    Task<IReadOnlyList<MemoryHit>> SearchAsync(MemorySearch search);
}
