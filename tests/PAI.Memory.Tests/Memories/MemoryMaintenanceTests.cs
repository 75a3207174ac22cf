using System.Numerics.Tensors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Memory;
using PAI.Memory.Embeddings;
using PAI.Memory.Memories;
using PAI.Memory.Tests.Embeddings;
using PAI.Storage.Sqlite.Hosting;

namespace PAI.Memory.Tests.Memories;

/// <summary>Re-embedding after a model change: in batches, resumable, and only rows still on another model.</summary>
public sealed class MemoryMaintenanceTests : IClassFixture<LocalModelFixture>, IDisposable
{
    private static readonly DateTimeOffset May8 = new(2023, 5, 8, 13, 56, 0, TimeSpan.Zero);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "pai-memory-maintenance-" + Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider _services;
    private readonly MemoryEmbedder _embedder;

    public MemoryMaintenanceTests(LocalModelFixture model)
    {
        var services = new ServiceCollection();
        services.AddSqliteStore(o => o.DataDirectory = _dataDirectory);
        _services = services.BuildServiceProvider();
        _embedder = new MemoryEmbedder(model.Generator, Options.Create(new MemoryEmbeddingOptions()));
    }

    private IMemoryStore Store => _services.GetRequiredService<IMemoryStore>();

    [Fact]
    public async Task RunOnceAsync_RowsOfAnotherModel_AreReembeddedWithTheirDocuments()
    {
        await AddOldAsync(5);

        var done = await Maintenance(Store, batchSize: 2).RunOnceAsync(CancellationToken.None);

        Assert.Equal(5, done);
        Assert.Empty(await Store.ListStaleAsync(_embedder.ModelId, 10));
        var stored = await Store.GetAsync("alice", Enumerable.Range(0, 5).Select(i => $"m{i}").ToArray(), includeVectors: true);
        foreach (var memory in stored)
        {
            var expected = (await _embedder.EmbedDocumentsAsync([MemoryDocument.Of(memory.Record.Text, memory.Record.OccurredAt)]))[0];
            Assert.Equal(_embedder.ModelId, memory.Record.Model);
            Assert.InRange(TensorPrimitives.Dot(expected, memory.Vector!), 0.9999f, 1.0001f);
        }

        Assert.Equal(0, await Maintenance(Store, batchSize: 2).RunOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RunOnceAsync_StoppedAfterTheFirstBatch_ResumesWithTheRest()
    {
        await AddOldAsync(5);
        using var stop = new CancellationTokenSource();
        var stopping = new StopAfterFirstUpdate(Store, stop);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Maintenance(stopping, batchSize: 2).RunOnceAsync(stop.Token));

        Assert.Equal(3, (await Store.ListStaleAsync(_embedder.ModelId, 10)).Count);
        Assert.Equal(3, await Maintenance(Store, batchSize: 2).RunOnceAsync(CancellationToken.None));
        Assert.Empty(await Store.ListStaleAsync(_embedder.ModelId, 10));
    }

    public void Dispose()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Temp folder.
        }
    }

    private MemoryMaintenance Maintenance(IMemoryStore store, int batchSize) =>
        new(store, _embedder, Options.Create(new MemoryOptions { ReembedBatchSize = batchSize }), TimeProvider.System, NullLogger<MemoryMaintenance>.Instance);

    private async Task AddOldAsync(int count)
    {
        var rows = Enumerable.Range(0, count).Select(i =>
        {
            var record = new MemoryRecord($"m{i}", new MemoryScope("alice"), $"old note {i} about the kiln", null, May8, May8, "old-model+d0", 3);
            return new NewMemory(record, new float[] { 1, 0, 0 }, record.Text);
        }).ToArray();
        await Store.AddAsync(rows);
    }

    /// <summary>The real store, with a stop pulled after its first vector update has committed (a crash mid-pass).</summary>
    private sealed class StopAfterFirstUpdate(IMemoryStore inner, CancellationTokenSource stop) : IMemoryStore
    {
        public Task<IReadOnlyList<string>> AddAsync(IReadOnlyList<NewMemory> memories, CancellationToken cancellationToken = default) => inner.AddAsync(memories, cancellationToken);

        public Task<IReadOnlyList<StoredMemory>> GetAsync(string principal, IReadOnlyList<string> ids, bool includeVectors = false, CancellationToken cancellationToken = default) => inner.GetAsync(principal, ids, includeVectors, cancellationToken);

        public Task<int> DeleteAsync(string principal, IReadOnlyList<string> ids, CancellationToken cancellationToken = default) => inner.DeleteAsync(principal, ids, cancellationToken);

        public Task<long> DeletePrincipalAsync(string principal, CancellationToken cancellationToken = default) => inner.DeletePrincipalAsync(principal, cancellationToken);

        public Task<MemoryHead> GetHeadAsync(string principal, CancellationToken cancellationToken = default) => inner.GetHeadAsync(principal, cancellationToken);

        public IAsyncEnumerable<MemoryVectorRow> ReadVectorsAsync(MemoryScope scope, long afterSequence, CancellationToken cancellationToken = default) => inner.ReadVectorsAsync(scope, afterSequence, cancellationToken);

        public Task<IReadOnlyList<string>> ReadDeletedAsync(string principal, long afterSequence, CancellationToken cancellationToken = default) => inner.ReadDeletedAsync(principal, afterSequence, cancellationToken);

        public Task<IReadOnlyList<KeywordMatch>> SearchKeywordsAsync(MemoryScope scope, MemoryFilter filter, IReadOnlyList<string> terms, int limit, CancellationToken cancellationToken = default) => inner.SearchKeywordsAsync(scope, filter, terms, limit, cancellationToken);

        public Task<IReadOnlyList<MemoryToEmbed>> ListStaleAsync(string model, int limit, CancellationToken cancellationToken = default) => inner.ListStaleAsync(model, limit, cancellationToken);

        public async Task<int> UpdateVectorsAsync(IReadOnlyList<MemoryVectorUpdate> updates, CancellationToken cancellationToken = default)
        {
            var applied = await inner.UpdateVectorsAsync(updates, CancellationToken.None);
            await stop.CancelAsync();
            return applied;
        }

        public Task<int> PruneDeletedAsync(DateTimeOffset before, CancellationToken cancellationToken = default) => inner.PruneDeletedAsync(before, cancellationToken);
    }
}
