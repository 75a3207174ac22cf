using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;

namespace PAI.Memory.Embeddings;

/// <summary>Makes the embedding generator <see cref="MemoryEmbeddingOptions"/> describe: an OpenAI-compatible endpoint, or the local model.</summary>
public static class EmbeddingGeneratorFactory
{
    /// <summary>Creates the configured generator.</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> Create(MemoryEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.UsesEndpoint)
        {
            if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            {
                throw new InvalidOperationException($"{MemoryEmbeddingOptions.SectionName}:Endpoint must be an http(s) URL");
            }

            // Local servers (Ollama, llama.cpp, vLLM) take any key; the client insists on one.
            var client = new OpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(options.ApiKey) ? "unused" : options.ApiKey), new OpenAIClientOptions { Endpoint = endpoint });
            return client.GetEmbeddingClient(options.Model).AsIEmbeddingGenerator(options.Dimensions);
        }

        var local = LocalEmbeddingModels.Resolve(options.LocalModel)
            ?? throw new InvalidOperationException($"{MemoryEmbeddingOptions.SectionName}:LocalModel '{options.LocalModel}' is not {LocalEmbeddingModels.ArcticXs} or {LocalEmbeddingModels.MiniLm}");
        return new LocalEmbeddingGenerator(local, options.BatchSize, options.Threads);
    }
}
