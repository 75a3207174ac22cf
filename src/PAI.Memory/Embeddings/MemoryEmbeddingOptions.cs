namespace PAI.Memory.Embeddings;

/// <summary>
/// Which model embeds memories (<c>Pai:Memory:Embeddings</c>). By default the in-process
/// <see cref="LocalEmbeddingModels.ArcticXs"/>; with <see cref="Endpoint"/> and <see cref="Model"/> set (or
/// <c>OPENAI_BASE_URL</c> and <c>PAI_EMBEDDING_MODEL</c>), an OpenAI-compatible <c>/embeddings</c> endpoint instead.
/// </summary>
public sealed class MemoryEmbeddingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Pai:Memory:Embeddings";

    /// <summary>The local model (<c>arctic-xs</c>, the default, or <c>minilm</c>), used when no endpoint is configured.</summary>
    public string LocalModel { get; set; } = LocalEmbeddingModels.ArcticXs;

    /// <summary>An OpenAI-compatible API base address (e.g. <c>http://localhost:11434/v1</c>); null for the local model.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The endpoint's embedding model (e.g. <c>nomic-embed-text</c>); required with <see cref="Endpoint"/>.</summary>
    public string? Model { get; set; }

    /// <summary>The endpoint's API key (<c>OPENAI_API_KEY</c>); never logged or shown.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Vector length to ask the endpoint for (models that can shorten their output); null for the model's own.</summary>
    public int? Dimensions { get; set; }

    /// <summary>Text put in front of every query; null for the model's own (arctic-embed's instruction, else none).</summary>
    public string? QueryPrefix { get; set; }

    /// <summary>Text put in front of every document (some models want one, e.g. nomic's <c>search_document: </c>).</summary>
    public string DocumentPrefix { get; set; } = "";

    /// <summary>Texts per model run for the local model.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Threads one run of the local model uses (1 by default: the model shares the host with the engine, and a
    /// goal's write-back must not take every core from the goals still running; more embeds a bulk import faster).</summary>
    public int Threads { get; set; } = 1;

    /// <summary>True when an OpenAI-compatible endpoint is configured.</summary>
    public bool UsesEndpoint => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(Model);
}
