namespace PAI.Engine.Persistence;

/// <summary>State that counts its own writes, so that a reload tells whether an ambiguous write landed.</summary>
public interface IRevisioned
{
    /// <summary>Incremented by every write; the stored value says which write is in the store.</summary>
    long Revision { get; set; }

    /// <summary>
    /// Which activation made the stored write. A revision number alone cannot tell "my ambiguous write landed" from
    /// "another activation, loaded from the same base, wrote once since": both leave the same number in the store.
    /// </summary>
    string? WriterId { get; set; }
}
