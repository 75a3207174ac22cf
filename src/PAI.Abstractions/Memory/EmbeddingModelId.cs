namespace PAI.Abstractions.Memory;

/// <summary>What the <c>model</c> column of a memory names.</summary>
/// <remarks>
/// A memory's vector is only comparable with a query embedded by the same model over the same document form, so the
/// recorded model id names both: the embedding model and the version of the text PAI gives it (e.g.
/// <c>snowflake-arctic-embed-xs+d1</c>). When the configured id differs from a row's, the row is re-embedded in the
/// background and left out of vector search until then.
/// </remarks>
public static class EmbeddingModelId
{
    /// <summary>The longest model id stored.</summary>
    public const int MaxLength = 200;
}
