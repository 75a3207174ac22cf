using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using PAI.Memory.Embeddings;

namespace PAI.Memory.Tests.Embeddings;

public sealed class LocalEmbeddingGeneratorTests(LocalModelFixture model) : IClassFixture<LocalModelFixture>
{
    [Fact]
    public async Task GenerateAsync_Batch_GivesUnitVectorsInInputOrderSameAsOneByOne()
    {
        string[] texts = ["a short one", "a considerably longer sentence about glazing pottery in a wood-fired kiln", "", "third"];

        var batch = await model.Generator.GenerateAsync(texts);

        Assert.Equal(texts.Length, batch.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            var single = (await model.Generator.GenerateAsync([texts[i]]))[0].Vector.ToArray();
            var vector = batch[i].Vector.ToArray();
            Assert.Equal(LocalEmbeddingModels.Dimensions, vector.Length);
            Assert.InRange(TensorPrimitives.Norm(vector), 0.999f, 1.001f);
            Assert.InRange(TensorPrimitives.Dot(vector, single), 0.9999f, 1.0001f);
        }
    }

    [Fact]
    public async Task GenerateAsync_Paraphrase_IsCloserThanAnUnrelatedSentence()
    {
        var v = await model.Generator.GenerateAsync(["I bought a new car yesterday", "Yesterday I purchased an automobile", "The soup needs more salt"]);

        var paraphrase = TensorPrimitives.Dot(v[0].Vector.Span, v[1].Vector.Span);
        var unrelated = TensorPrimitives.Dot(v[0].Vector.Span, v[2].Vector.Span);

        Assert.True(paraphrase > unrelated + 0.1, $"paraphrase {paraphrase}, unrelated {unrelated}");
    }

    [Fact]
    public async Task GenerateAsync_HugeText_IsCutAndEmbedded()
    {
        var huge = string.Concat(Enumerable.Repeat("kiln glaze firing ", 50_000));

        var vector = (await model.Generator.GenerateAsync([huge]))[0];

        Assert.Equal(LocalEmbeddingModels.Dimensions, vector.Vector.Length);
    }

    [Fact]
    public async Task GenerateAsync_TwoThreads_GivesTheVectorsOfOne()
    {
        string[] texts = ["the kiln reached cone 10", "a glaze recipe with feldspar and whiting"];
        using var twoThreads = new LocalEmbeddingGenerator(LocalEmbeddingModels.ArcticXs, batchSize: 8, threads: 2);

        var one = await model.Generator.GenerateAsync(texts);
        var two = await twoThreads.GenerateAsync(texts);

        for (var i = 0; i < texts.Length; i++)
        {
            Assert.InRange(TensorPrimitives.Dot(one[i].Vector.Span, two[i].Vector.Span), 0.9999f, 1.0001f);
        }
    }

    [Fact]
    public void Constructor_NoThreads_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LocalEmbeddingGenerator(LocalEmbeddingModels.ArcticXs, threads: 0));
    }

    [Fact]
    public void GetService_Metadata_NamesTheModelAndDimensions()
    {
        var metadata = model.Generator.GetService<EmbeddingGeneratorMetadata>()!;

        Assert.Equal(LocalEmbeddingModels.ArcticXs, metadata.DefaultModelId);
        Assert.Equal(384, metadata.DefaultModelDimensions);
    }

    [Fact]
    public async Task EmbedQueryAsync_ArcticXs_PutsItsInstructionInFront()
    {
        var embedder = new MemoryEmbedder(model.Generator, Microsoft.Extensions.Options.Options.Create(new MemoryEmbeddingOptions()));

        var query = await embedder.EmbedQueryAsync("where is the kiln");
        var withPrefix = (await model.Generator.GenerateAsync([LocalEmbeddingModels.ArcticXsQueryPrefix + "where is the kiln"]))[0].Vector.ToArray();
        var document = (await embedder.EmbedDocumentsAsync(["where is the kiln"]))[0];

        Assert.InRange(TensorPrimitives.Dot(query, withPrefix), 0.9999f, 1.0001f);
        Assert.True(TensorPrimitives.Dot(query, document) < 0.999f);
        Assert.Equal($"{LocalEmbeddingModels.ArcticXs}+{PAI.Memory.Memories.MemoryDocument.Version}", embedder.ModelId);
    }
}
