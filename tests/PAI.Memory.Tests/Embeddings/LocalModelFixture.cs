using PAI.Memory.Embeddings;

namespace PAI.Memory.Tests.Embeddings;

/// <summary>One loaded arctic-embed-xs for the tests that embed (loading the model takes a second or two).</summary>
public sealed class LocalModelFixture : IDisposable
{
    /// <summary>The generator.</summary>
    public LocalEmbeddingGenerator Generator { get; } = new(LocalEmbeddingModels.ArcticXs, batchSize: 8);

    /// <inheritdoc />
    public void Dispose() => Generator.Dispose();
}
