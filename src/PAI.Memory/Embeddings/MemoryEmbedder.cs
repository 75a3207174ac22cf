using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Memory;
using PAI.Memory.Memories;

namespace PAI.Memory.Embeddings;

/// <summary>
/// Memory's use of an <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/>: puts the model's query or document prefix
/// in front, checks that every vector has the model's length, and L2-normalizes (so cosine similarity is a dot
/// product). <see cref="ModelId"/> is what every memory records; it names the model and <see cref="MemoryDocument.Version"/>.
/// </summary>
public sealed class MemoryEmbedder
{
    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
    private readonly string _queryPrefix;
    private readonly string _documentPrefix;
    private readonly EmbeddingGenerationOptions? _generationOptions;
    private int _dimensions;

    /// <summary>Wraps <paramref name="generator"/> with the configured prefixes.</summary>
    public MemoryEmbedder(IEmbeddingGenerator<string, Embedding<float>> generator, IOptions<MemoryEmbeddingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(options);
        _generator = generator;
        var settings = options.Value;
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        var model = metadata?.DefaultModelId ?? settings.Model ?? throw new InvalidOperationException("the embedding generator names no model; set Pai:Memory:Embeddings:Model");
        Model = model;
        _queryPrefix = settings.QueryPrefix ?? LocalEmbeddingModels.QueryPrefixOf(model);
        _documentPrefix = settings.DocumentPrefix;
        _dimensions = metadata?.DefaultModelDimensions ?? settings.Dimensions ?? 0;
        _generationOptions = settings.Dimensions is { } d ? new EmbeddingGenerationOptions { Dimensions = d } : null;
        var id = $"{model}+{MemoryDocument.Version}";
        ModelId = id.Length <= EmbeddingModelId.MaxLength ? id : id[..EmbeddingModelId.MaxLength];
    }

    /// <summary>The embedding model's name.</summary>
    public string Model { get; }

    /// <summary>The id every memory embedded now records: the model and the document form.</summary>
    public string ModelId { get; }

    /// <summary>The vector length (known after the first embedding when the generator does not say).</summary>
    public int Dimensions => Volatile.Read(ref _dimensions);

    /// <summary>Embeds documents (already in <see cref="MemoryDocument"/> form), one vector each, normalized.</summary>
    public async Task<float[][]> EmbedDocumentsAsync(IReadOnlyList<string> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (documents.Count == 0)
        {
            return [];
        }

        var input = _documentPrefix.Length == 0 ? documents : documents.Select(d => _documentPrefix + d).ToArray();
        return await EmbedAsync(input, cancellationToken);
    }

    /// <summary>Embeds a query (with the model's query prefix), normalized.</summary>
    public async Task<float[]> EmbedQueryAsync(string query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return (await EmbedAsync([_queryPrefix + query], cancellationToken))[0];
    }

    private async Task<float[][]> EmbedAsync(IReadOnlyList<string> input, CancellationToken cancellationToken)
    {
        var generated = await _generator.GenerateAsync(input, _generationOptions, cancellationToken);
        if (generated.Count != input.Count)
        {
            throw new InvalidOperationException($"the embedding model returned {generated.Count} vectors for {input.Count} texts");
        }

        var vectors = new float[generated.Count][];
        for (var i = 0; i < vectors.Length; i++)
        {
            var vector = generated[i].Vector.ToArray();
            var expected = Dimensions;
            if (expected == 0)
            {
                Interlocked.CompareExchange(ref _dimensions, vector.Length, 0);
                expected = Dimensions;
            }

            if (vector.Length != expected || vector.Length == 0)
            {
                throw new InvalidOperationException($"the embedding model returned a vector of {vector.Length} dimensions; expected {expected}");
            }

            var norm = TensorPrimitives.Norm(vector);
            if (!float.IsFinite(norm) || norm == 0)
            {
                throw new InvalidOperationException("the embedding model returned a zero or non-finite vector");
            }

            TensorPrimitives.Divide(vector, norm, vector);
            vectors[i] = vector;
        }

        return vectors;
    }
}
