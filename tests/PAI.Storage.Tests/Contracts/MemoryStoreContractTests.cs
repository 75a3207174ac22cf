using PAI.Abstractions.Memory;

namespace PAI.Storage.Tests.Contracts;

/// <summary>
/// What every <see cref="IMemoryStore"/> must do: rows that round-trip, idempotent adds, full-text search confined to
/// a principal, scope and filter, a change head caches can follow, forgetting that leaves no orphaned derived rows,
/// and conditional re-embedding. An implementation supplies <see cref="OpenAsync"/> and the row counters that look
/// behind the store.
/// </summary>
public abstract class MemoryStoreContractTests : IAsyncLifetime
{
    private MemoryStoreUnderTest? _current;

    protected IMemoryStore Store => (_current ?? throw new InvalidOperationException("Store is not open.")).Store;

    /// <summary>Opens the test's store (a new instance each call, over the same data).</summary>
    protected abstract Task<MemoryStoreUnderTest> OpenAsync();

    /// <summary>Removes the test's data once it is closed.</summary>
    protected abstract Task DeleteDataAsync();

    /// <summary>Memory rows of the principal, counted straight in the database.</summary>
    protected abstract Task<long> CountMemoryRowsAsync(string principal);

    /// <summary>Derived rows (full-text, vectors) whose memory row is gone, counted straight in the database.</summary>
    protected abstract Task<long> CountOrphanedRowsAsync();

    public async Task InitializeAsync() => _current = await OpenAsync();

    public async Task DisposeAsync()
    {
        if (_current is not null)
        {
            await _current.DisposeAsync();
            _current = null;
        }

        await DeleteDataAsync();
    }

    [ContractFact]
    public async Task AddAsync_ThenGet_RoundTripsTheRecordAndItsVector()
    {
        var memory = Memory("alice", "m1", "the kiln reached 1200 degrees", new MemoryScope("alice", "planner", "g1", "kiln"), """{"source":"log","n":3}""", [0.1f, -0.25f, 0.5f, 1e-7f]);

        Assert.Equal(["m1"], await Store.AddAsync([memory]));

        var stored = Assert.Single(await Store.GetAsync("alice", ["m1"], includeVectors: true));
        Assert.Equal(memory.Record with { Metadata = null }, stored.Record with { Metadata = null });
        Assert.Equal("log", System.Text.Json.JsonDocument.Parse(stored.Record.Metadata!).RootElement.GetProperty("source").GetString());
        Assert.Equal(memory.Vector.ToArray(), stored.Vector);
        Assert.Null(Assert.Single(await Store.GetAsync("alice", ["m1"])).Vector);
    }

    [ContractFact]
    public async Task AddAsync_SameIdAgain_StoresOnceAndReportsNothingNew()
    {
        Assert.Equal(["m1", "m2"], await Store.AddAsync([Memory("alice", "m1", "first"), Memory("alice", "m2", "second")]));

        Assert.Equal(["m3"], await Store.AddAsync([Memory("alice", "m1", "changed"), Memory("alice", "m3", "third")]));

        Assert.Equal("first", Assert.Single(await Store.GetAsync("alice", ["m1"])).Record.Text);
        Assert.Equal(3, await CountMemoryRowsAsync("alice"));
    }

    [ContractFact]
    public async Task AnyRead_OtherPrincipalsMemory_IsInvisible()
    {
        await Store.AddAsync([Memory("alice", "a1", "secret kiln recipe"), Memory("bob", "b1", "kiln schedule")]);

        Assert.Empty(await Store.GetAsync("bob", ["a1"]));
        Assert.Equal(["b1"], (await Store.SearchKeywordsAsync(new MemoryScope("bob"), MemoryFilter.None, ["kiln"], 10)).Select(m => m.Id));
        Assert.Equal(["b1"], await ReadAllAsync(new MemoryScope("bob")));
        Assert.Equal(0, await Store.DeleteAsync("bob", ["a1"]));
        Assert.Single(await Store.GetAsync("alice", ["a1"]));
    }

    [ContractFact]
    public async Task SearchKeywordsAsync_StemmedWords_RankTheBetterMatchFirst()
    {
        await Store.AddAsync(
        [
            Memory("alice", "m1", "she went running by the river every morning and running made her happy"),
            Memory("alice", "m2", "the river was cold"),
            Memory("alice", "m3", "nothing to do with it"),
        ]);

        var matches = await Store.SearchKeywordsAsync(new MemoryScope("alice"), MemoryFilter.None, ["runs", "river"], 10);

        Assert.Equal(["m1", "m2"], matches.Select(m => m.Id));
        Assert.True(matches[0].Score > matches[1].Score);
    }

    [ContractFact]
    public async Task SearchKeywordsAsync_ScopeFilter_MatchesEveryGivenField()
    {
        await Store.AddAsync(
        [
            Memory("alice", "m1", "glaze notes", new MemoryScope("alice", "potter", null, "kiln")),
            Memory("alice", "m2", "glaze notes", new MemoryScope("alice", "potter", null, "garden")),
            Memory("alice", "m3", "glaze notes", new MemoryScope("alice")),
        ]);

        Assert.Equal(["m1", "m2", "m3"], await KeywordIdsAsync(new MemoryScope("alice"), MemoryFilter.None));
        Assert.Equal(["m1", "m2"], await KeywordIdsAsync(new MemoryScope("alice", Agent: "potter"), MemoryFilter.None));
        Assert.Equal(["m1"], await KeywordIdsAsync(new MemoryScope("alice", Agent: "potter", Project: "kiln"), MemoryFilter.None));
        Assert.Equal(["m1"], await ReadAllAsync(new MemoryScope("alice", Project: "kiln")));
    }

    [ContractFact]
    public async Task SearchKeywordsAsync_MetadataFilter_ComparesTypedValues()
    {
        await Store.AddAsync(
        [
            Memory("alice", "s", "glaze", metadata: """{"v":"1","who":"Caroline"}"""),
            Memory("alice", "n", "glaze", metadata: """{"v":1,"who":"Melanie"}"""),
            Memory("alice", "f", "glaze", metadata: """{"v":1.0}"""),
            Memory("alice", "t", "glaze", metadata: """{"v":true}"""),
            Memory("alice", "x", "glaze"),
        ]);

        Assert.Equal(["s"], await KeywordIdsAsync(new MemoryScope("alice"), Filter(("v", "\"1\""))));
        Assert.Equal(["f", "n"], await KeywordIdsAsync(new MemoryScope("alice"), Filter(("v", "1"))));
        Assert.Equal(["t"], await KeywordIdsAsync(new MemoryScope("alice"), Filter(("v", "true"))));
        Assert.Equal(["n", "s"], await KeywordIdsAsync(new MemoryScope("alice"), new MemoryFilter([new MetadataCondition("who", ["\"Caroline\"", "\"Melanie\""])])));
        Assert.Equal(["n"], await KeywordIdsAsync(new MemoryScope("alice"), new MemoryFilter([new MetadataCondition("who", ["\"Melanie\""]), new MetadataCondition("v", ["1"])])));
        Assert.Empty(await KeywordIdsAsync(new MemoryScope("alice"), Filter(("who", "\"Nobody\""))));
    }

    [ContractFact]
    public async Task SearchKeywordsAsync_TimeWindow_IsInclusiveThenExclusive()
    {
        var t0 = new DateTimeOffset(2023, 5, 8, 13, 56, 0, TimeSpan.Zero);
        await Store.AddAsync(
        [
            Memory("alice", "early", "glaze", occurredAt: t0),
            Memory("alice", "mid", "glaze", occurredAt: t0.AddDays(1)),
            Memory("alice", "late", "glaze", occurredAt: t0.AddDays(2)),
        ]);

        Assert.Equal(["mid"], await KeywordIdsAsync(new MemoryScope("alice"), new MemoryFilter([], t0.AddDays(1), t0.AddDays(2))));
        Assert.Equal(["early"], await KeywordIdsAsync(new MemoryScope("alice"), new MemoryFilter([], null, t0.AddTicks(10))));
    }

    [ContractFact]
    public async Task GetHeadAsync_EveryChange_TakesTheNextSequence()
    {
        Assert.Equal(default, await Store.GetHeadAsync("alice"));
        await Store.AddAsync([Memory("alice", "m1", "one"), Memory("alice", "m2", "two")]);
        var afterAdd = await Store.GetHeadAsync("alice");
        await Store.DeleteAsync("alice", ["m1"]);
        var afterDelete = await Store.GetHeadAsync("alice");

        Assert.Equal(2, afterAdd.Sequence);
        Assert.Equal(3, afterDelete.Sequence);
        Assert.Equal(["m2"], await ReadAllAsync(new MemoryScope("alice")));
        Assert.Equal(["m1"], await Store.ReadDeletedAsync("alice", afterAdd.Sequence));
        Assert.Empty(await Store.ReadDeletedAsync("alice", afterDelete.Sequence));
        await Store.AddAsync([Memory("alice", "m3", "three")]);
        Assert.Equal(["m3"], await ReadAllAsync(new MemoryScope("alice"), afterDelete.Sequence));
        Assert.Equal(default, await Store.GetHeadAsync("bob"));
    }

    [ContractFact]
    public async Task AddAsync_ConcurrentWriters_GiveEveryRowItsOwnSequence()
    {
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Store.AddAsync([Memory("alice", $"m{i}a", "x"), Memory("alice", $"m{i}b", "y")])));

        var rows = new List<MemoryVectorRow>();
        await foreach (var row in Store.ReadVectorsAsync(new MemoryScope("alice"), 0))
        {
            rows.Add(row);
        }

        Assert.Equal(40, rows.Select(r => r.Sequence).Distinct().Count());
        Assert.Equal(rows.Max(r => r.Sequence), (await Store.GetHeadAsync("alice")).Sequence);
    }

    [ContractFact]
    public async Task DeleteAsync_OneMemory_LeavesNoDerivedRows()
    {
        await Store.AddAsync([Memory("alice", "m1", "glaze recipe one"), Memory("alice", "m2", "glaze recipe two")]);

        Assert.Equal(1, await Store.DeleteAsync("alice", ["m1", "missing"]));

        Assert.Empty(await Store.GetAsync("alice", ["m1"]));
        Assert.Equal(["m2"], (await Store.SearchKeywordsAsync(new MemoryScope("alice"), MemoryFilter.None, ["glaze"], 10)).Select(m => m.Id));
        Assert.Equal(1, await CountMemoryRowsAsync("alice"));
        Assert.Equal(0, await CountOrphanedRowsAsync());
    }

    [ContractFact]
    public async Task DeletePrincipalAsync_Everything_GoesWithNoOrphansAndANewEpoch()
    {
        await Store.AddAsync(Enumerable.Range(0, 30).Select(i => Memory("alice", $"a{i}", $"alice note {i}")).Append(Memory("bob", "b1", "bob note")).ToArray());
        await Store.DeleteAsync("alice", ["a0"]);
        var before = await Store.GetHeadAsync("alice");

        Assert.Equal(29, await Store.DeletePrincipalAsync("alice"));

        var after = await Store.GetHeadAsync("alice");
        Assert.Equal(before.Epoch + 1, after.Epoch);
        Assert.True(after.PrunedThrough >= before.Sequence);
        Assert.Equal(0, await CountMemoryRowsAsync("alice"));
        Assert.Equal(0, await CountOrphanedRowsAsync());
        Assert.Empty(await Store.ReadDeletedAsync("alice", 0));
        Assert.Empty(await Store.SearchKeywordsAsync(new MemoryScope("alice"), MemoryFilter.None, ["note"], 10));
        Assert.Equal(["b1"], (await Store.SearchKeywordsAsync(new MemoryScope("bob"), MemoryFilter.None, ["note"], 10)).Select(m => m.Id));
    }

    [ContractFact]
    public async Task UpdateVectorsAsync_OnlyRowsStillOnThePreviousModel_AreReembedded()
    {
        await Store.AddAsync([Memory("alice", "m1", "one", model: "old"), Memory("alice", "m2", "two", model: "old"), Memory("bob", "b1", "three", model: "new")]);
        var stale = await Store.ListStaleAsync("new", 10);
        Assert.Equal(["m1", "m2"], stale.Select(s => s.Id).Order());
        var head = await Store.GetHeadAsync("alice");

        var applied = await Store.UpdateVectorsAsync(
        [
            new MemoryVectorUpdate("alice", "m1", "old", "new", new float[] { 1, 0, 0, 0, 0 }),
            new MemoryVectorUpdate("alice", "m2", "other", "new", new float[] { 1, 0, 0, 0, 0 }),
        ]);

        Assert.Equal(1, applied);
        var m1 = Assert.Single(await Store.GetAsync("alice", ["m1"], includeVectors: true));
        Assert.Equal(("new", 5), (m1.Record.Model, m1.Record.Dimensions));
        Assert.Equal([1f, 0, 0, 0, 0], m1.Vector!);
        Assert.Equal(["m2"], (await Store.ListStaleAsync("new", 10)).Select(s => s.Id));
        Assert.Equal(["m1"], await ReadAllAsync(new MemoryScope("alice"), head.Sequence));
    }

    [ContractFact]
    public async Task PruneDeletedAsync_OldDeletions_GoAndTheHeadSaysHowFar()
    {
        await Store.AddAsync([Memory("alice", "m1", "one"), Memory("alice", "m2", "two")]);
        await Store.DeleteAsync("alice", ["m1"]);
        var head = await Store.GetHeadAsync("alice");

        Assert.Equal(0, await Store.PruneDeletedAsync(DateTimeOffset.UtcNow.AddHours(-1)));
        Assert.Equal(1, await Store.PruneDeletedAsync(DateTimeOffset.UtcNow.AddMinutes(1)));

        Assert.Empty(await Store.ReadDeletedAsync("alice", 0));
        Assert.Equal(head.Sequence, (await Store.GetHeadAsync("alice")).PrunedThrough);
    }

    [ContractFact]
    public async Task AddAsync_AfterReopen_IsStillThere()
    {
        await Store.AddAsync([Memory("alice", "m1", "durable glaze")]);

        await ReopenAsync();

        Assert.Single(await Store.GetAsync("alice", ["m1"]));
        Assert.Equal(["m1"], (await Store.SearchKeywordsAsync(new MemoryScope("alice"), MemoryFilter.None, ["glaze"], 10)).Select(m => m.Id));
    }

    protected static NewMemory Memory(
        string principal,
        string id,
        string text,
        MemoryScope? scope = null,
        string? metadata = null,
        float[]? vector = null,
        DateTimeOffset? occurredAt = null,
        string model = "test-model")
    {
        vector ??= [0.5f, 0.5f, 0.5f, 0.5f];
        var at = occurredAt ?? new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var record = new MemoryRecord(id, scope ?? new MemoryScope(principal), text, metadata, at, new DateTimeOffset(2025, 6, 7, 8, 9, 10, TimeSpan.Zero), model, vector.Length);
        return new NewMemory(record, vector, text);
    }

    private async Task ReopenAsync()
    {
        await _current!.DisposeAsync();
        _current = null;
        _current = await OpenAsync();
    }

    private static MemoryFilter Filter((string Key, string Literal) condition) => new([new MetadataCondition(condition.Key, [condition.Literal])]);

    private async Task<List<string>> KeywordIdsAsync(MemoryScope scope, MemoryFilter filter) =>
        (await Store.SearchKeywordsAsync(scope, filter, ["glaze"], 10)).Select(m => m.Id).Order(StringComparer.Ordinal).ToList();

    private async Task<List<string>> ReadAllAsync(MemoryScope scope, long after = 0)
    {
        var ids = new List<string>();
        await foreach (var row in Store.ReadVectorsAsync(scope, after))
        {
            ids.Add(row.Id);
        }

        return ids;
    }
}
