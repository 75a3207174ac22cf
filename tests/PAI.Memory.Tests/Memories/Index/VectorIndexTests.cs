using System.Numerics.Tensors;
using PAI.Abstractions.Memory;
using PAI.Memory.Memories.Index;

namespace PAI.Memory.Tests.Memories.Index;

public sealed class VectorIndexTests
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Top_RandomUpsertsAndRemovals_MatchesABruteForceReference()
    {
        // Seeded randomized test: the index (with swap-removal) must always rank like a plain dictionary scan.
        var random = new Random(42);
        var index = new VectorIndex("m", 32, capacity: 4);
        var reference = new Dictionary<string, float[]>();
        for (var step = 0; step < 2000; step++)
        {
            var id = "id" + random.Next(300);
            if (random.NextDouble() < 0.3)
            {
                Assert.Equal(reference.Remove(id), index.Remove(id));
            }
            else
            {
                var vector = Int8VectorsTests.UnitVector(random, 32);
                reference[id] = vector;
                index.Upsert(id, vector, T0, step, new MemoryScope("p"), null);
            }

            if (step % 100 == 99)
            {
                var query = Int8VectorsTests.UnitVector(random, 32);
                var expected = reference.OrderByDescending(kv => TensorPrimitives.Dot(kv.Value, query)).Take(5).Select(kv => kv.Key).ToList();
                var actual = index.Top(new QuantizedQuery(query), RowFilter.All, 5).Select(t => index.IdAt(t.Slot)).ToList();

                Assert.Equal(reference.Count, index.Count);
                Assert.Equal(expected.Count, actual.Count);

                // int8 scores may swap two near-ties; the sets must agree except at the cut-off.
                Assert.True(expected.Take(4).Intersect(actual).Count() >= Math.Min(4, expected.Count) - 1, $"step {step}: {string.Join(",", expected)} vs {string.Join(",", actual)}");
            }
        }
    }

    [Fact]
    public void Top_MetadataAndTimeFilter_KeepsOnlyMatchingRows()
    {
        var index = new VectorIndex("m", 2);
        index.Upsert("a", [1, 0], T0, 1, new MemoryScope("p"), """{"who":"Caroline","n":1}""");
        index.Upsert("b", [1, 0], T0.AddDays(1), 2, new MemoryScope("p"), """{"who":"Melanie","n":1.0}""");
        index.Upsert("c", [1, 0], T0.AddDays(2), 3, new MemoryScope("p"), """{"who":"Caroline","n":"1"}""");
        index.Upsert("d", [1, 0], T0.AddDays(3), 4, new MemoryScope("p"), null);
        var query = new QuantizedQuery([1, 0]);

        string[] Ids(MemoryFilter filter) => [.. index.Top(query, index.Compile(filter), 10).Select(t => index.IdAt(t.Slot)).Order()];

        Assert.Equal(["a", "c"], Ids(new MemoryFilter([new MetadataCondition("who", ["\"Caroline\""])])));
        Assert.Equal(["a", "b"], Ids(new MemoryFilter([new MetadataCondition("n", ["1"])])));
        Assert.Equal(["a"], Ids(new MemoryFilter([new MetadataCondition("n", ["1"]), new MetadataCondition("who", ["\"Caroline\""])])));
        Assert.Equal(["b", "c"], Ids(new MemoryFilter([], T0.AddDays(1), T0.AddDays(3))));
        Assert.Empty(Ids(new MemoryFilter([new MetadataCondition("who", ["\"Nobody\""])])));
        Assert.Equal(["a", "b", "c", "d"], Ids(MemoryFilter.None));
    }

    [Fact]
    public void NeighborOf_RowsOfOneScope_LinkByTimeThenRecordingOrderWithinTheWindow()
    {
        var index = new VectorIndex("m", 2);
        var kiln = new MemoryScope("p", Project: "kiln");
        var garden = new MemoryScope("p", Project: "garden");
        index.Upsert("k2", [1, 0], T0, 2, kiln, null);
        index.Upsert("g1", [1, 0], T0, 3, garden, null);
        index.Upsert("k1", [1, 0], T0, 1, kiln, null);
        index.Upsert("k3", [1, 0], T0, 4, kiln, null);
        index.Upsert("k4", [1, 0], T0.AddDays(3), 5, kiln, null);

        (string?, string?) Neighbors(string id)
        {
            Assert.True(index.TryGetSlot(id, out var slot));
            var previous = index.NeighborOf(slot, -1, 1, TimeSpan.FromHours(1));
            var next = index.NeighborOf(slot, +1, 1, TimeSpan.FromHours(1));
            return (previous < 0 ? null : index.IdAt(previous), next < 0 ? null : index.IdAt(next));
        }

        Assert.Equal((null, "k2"), Neighbors("k1"));
        Assert.Equal(("k1", "k3"), Neighbors("k2"));
        Assert.Equal(("k2", null), Neighbors("k3"));
        Assert.Equal((null, null), Neighbors("k4"));
        Assert.Equal((null, null), Neighbors("g1"));

        Assert.True(index.TryGetSlot("k1", out var k1));
        Assert.Equal("k3", index.IdAt(index.NeighborOf(k1, +1, 2, TimeSpan.FromHours(1))));
        Assert.Equal(-1, index.NeighborOf(k1, +1, 3, TimeSpan.FromHours(1)));

        index.Remove("k2");
        Assert.Equal(("k1", null), Neighbors("k3"));
    }
}
