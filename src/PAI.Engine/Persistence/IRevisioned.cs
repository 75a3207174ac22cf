namespace PAI.Engine.Persistence;

/// <summary>State that counts its own writes, so that a reload tells whether an ambiguous write landed.</summary>
public interface IRevisioned
{
    /// <summary>Incremented by every write; the stored value says which write is in the store.</summary>
    long Revision { get; set; }
}
