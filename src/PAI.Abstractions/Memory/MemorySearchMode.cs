namespace PAI.Abstractions.Memory;

/// <summary>How a search ranks memories.</summary>
public enum MemorySearchMode
{
    /// <summary>Full-text and vector scores fused (the default).</summary>
    Hybrid,

    /// <summary>Cosine similarity of embeddings only.</summary>
    Vector,

    /// <summary>The store's full-text ranking only.</summary>
    Keyword,
}
