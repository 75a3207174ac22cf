using PAI.Memory.Memories.Retrieval;

namespace PAI.Memory.Tests.Memories.Retrieval;

public sealed class MmrTests
{
    [Fact]
    public void Select_NearDuplicate_ComesAfterEveryDistinctCandidate()
    {
        // 0 and 1 say the same thing; 2 and 3 are different and less relevant.
        double[] relevance = [1.0, 0.99, 0.6, 0.5];
        double Similarity(int a, int b) => (Math.Min(a, b), Math.Max(a, b)) is (0, 1) ? 0.99 : 0.2;

        Assert.Equal([0, 2, 3, 1], Mmr.Select(relevance, Similarity, 4, 0.5));
    }

    [Fact]
    public void Select_Lambda_TradesRelevanceAgainstNovelty()
    {
        double[] relevance = [1.0, 0.9, 0.8];
        double Similarity(int a, int b) => (Math.Min(a, b), Math.Max(a, b)) is (0, 1) ? 0.9 : 0.0;

        Assert.Equal([0, 1, 2], Mmr.Select(relevance, Similarity, 3, 1.0));
        Assert.Equal([0, 2, 1], Mmr.Select(relevance, Similarity, 3, 0.5));
        Assert.Equal([0, 2], Mmr.Select(relevance, Similarity, 2, 0.5));
    }
}
