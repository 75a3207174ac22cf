using PAI.Abstractions.Audit;
using PAI.Storage.Postgres;

namespace PAI.Storage.Tests.Postgres;

public sealed class AuditAppendBatcherTests
{
    [Fact]
    public async Task AppendAsync_ManyAtOnce_EachGetsItsOwnEntryInOneGapFreeSequence()
    {
        var writer = new RecordingWriter();
        var batcher = new AuditAppendBatcher(writer.WriteAsync);

        var entries = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Task.Run(() => batcher.AppendAsync(new AuditRecord("k", $"p{i}"), CancellationToken.None))));

        Assert.All(entries, e => Assert.Equal(e.Record.Principal, writer.Written[(int)e.Sequence - 1].Principal));
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), entries.Select(e => e.Sequence).Order());
    }

    [Fact]
    public async Task AppendAsync_WhileABatchIsBeingWritten_QueuedRecordsShareTheNextBatch()
    {
        var release = new TaskCompletionSource();
        var writer = new RecordingWriter(firstBatchWaitsFor: release.Task);
        var batcher = new AuditAppendBatcher(writer.WriteAsync);

        var first = batcher.AppendAsync(new AuditRecord("k", "first"), CancellationToken.None);
        await writer.FirstBatchStarted;
        var queued = Enumerable.Range(0, 10).Select(i => batcher.AppendAsync(new AuditRecord("k", $"q{i}"), CancellationToken.None)).ToList();
        release.SetResult();
        await Task.WhenAll(queued.Append(first));

        Assert.Equal([1, 10], writer.BatchSizes);
    }

    [Fact]
    public async Task AppendAsync_BatchFails_EveryAppenderOfItSeesTheFailureAndTheNextBatchIsWritten()
    {
        var release = new TaskCompletionSource();
        var writer = new RecordingWriter(firstBatchWaitsFor: release.Task, failSecondBatch: true);
        var batcher = new AuditAppendBatcher(writer.WriteAsync);

        var first = batcher.AppendAsync(new AuditRecord("k", "first"), CancellationToken.None);
        await writer.FirstBatchStarted;
        var failing = Enumerable.Range(0, 3).Select(i => batcher.AppendAsync(new AuditRecord("k", $"f{i}"), CancellationToken.None)).ToList();
        release.SetResult();
        await first;
        foreach (var append in failing)
        {
            await Assert.ThrowsAsync<IOException>(() => append);
        }

        var after = await batcher.AppendAsync(new AuditRecord("k", "after"), CancellationToken.None);
        Assert.Equal("after", after.Record.Principal);
        Assert.Equal(2, after.Sequence);
    }

    private sealed class RecordingWriter(Task? firstBatchWaitsFor = null, bool failSecondBatch = false)
    {
        private readonly TaskCompletionSource _firstStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<AuditRecord> Written { get; } = [];

        public List<int> BatchSizes { get; } = [];

        public Task FirstBatchStarted => _firstStarted.Task;

        public async Task<IReadOnlyList<AuditEntry>> WriteAsync(IReadOnlyList<AuditRecord> records)
        {
            BatchSizes.Add(records.Count);
            if (BatchSizes.Count == 1)
            {
                _firstStarted.SetResult();
                await (firstBatchWaitsFor ?? Task.CompletedTask);
            }

            if (failSecondBatch && BatchSizes.Count == 2)
            {
                throw new IOException("the database went away");
            }

            var entries = new List<AuditEntry>();
            foreach (var record in records)
            {
                Written.Add(record);
                entries.Add(new AuditEntry(Written.Count, DateTimeOffset.UnixEpoch, record, "prev", "hash"));
            }

            return entries;
        }
    }
}
