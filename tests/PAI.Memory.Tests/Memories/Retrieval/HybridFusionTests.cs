using PAI.Abstractions.Memory;
using PAI.Memory.Memories.Retrieval;

namespace PAI.Memory.Tests.Memories.Retrieval;

public sealed class HybridFusionTests
{
    private static readonly FusionWeights Plain = new(0.5, 0, 0, TimeSpan.FromHours(1), 0, TimeSpan.FromDays(30), 0);

    [Fact]
    public void Normalize_Pool_MapsKeywordByMaxAndDenseByRange()
    {
        var pool = new[] { new Candidate("a", 10, 0.2, null, null), new Candidate("b", 5, 0.6, null, null), new Candidate("c", null, 0.4, null, null) };

        var n = HybridFusion.Normalize(pool);

        Assert.Equal(1, n.Keyword(10));
        Assert.Equal(0.5, n.Keyword(5));
        Assert.Equal(0, n.Keyword(null));
        Assert.Equal(0, n.Dense(0.2), 9);
        Assert.Equal(0.5, n.Dense(0.4), 9);
        Assert.Equal(1, n.Dense(0.6), 9);
    }

    [Fact]
    public void Relevance_Weight_TradesKeywordAgainstVector()
    {
        var n = new HybridFusion.Normalization(10, 0, 1);

        Assert.Equal(1.0, HybridFusion.Relevance(10, 0, n, Plain with { Keyword = 1 }), 9);
        Assert.Equal(0.0, HybridFusion.Relevance(10, 0, n, Plain with { Keyword = 0 }), 9);
        Assert.Equal(0.4 * 0.5 + 0.6 * 0.25, HybridFusion.Relevance(5, 0.25, n, Plain with { Keyword = 0.4 }), 9);
    }

    [Fact]
    public void Score_NeighborRecencyAndScope_AddTheirShares()
    {
        var now = new DateTimeOffset(2025, 1, 31, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        var weights = new FusionWeights(0.5, 0.5, 2, TimeSpan.FromHours(1), 0.2, TimeSpan.FromDays(30), 0.05);
        var memory = new Candidate("a", null, null, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks, new MemoryScope("p", "agent", "g1", "kiln"));

        var score = HybridFusion.Score(0.6, [0.8, 0.4], memory, weights, now, new MemoryScope("p", Goal: "g1", Project: "kiln"));

        Assert.Equal(0.6 + 0.5 * 0.8 + 0.25 * 0.4 + 0.2 * 0.5 + 0.05 * 2, score, 9);
        Assert.Equal(0.6, HybridFusion.Score(0.6, [], memory, Plain, now, null), 9);
    }
}
