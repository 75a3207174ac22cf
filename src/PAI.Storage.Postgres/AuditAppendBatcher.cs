using System.Collections.Concurrent;
using PAI.Abstractions.Audit;

namespace PAI.Storage.Postgres;

/// <summary>
/// Group commit for audit appends within one process: appenders queue their record, and whichever holds the writer
/// turn writes everything queued (up to <paramref name="maxBatch"/>) with one call of <paramref name="writeBatch"/> —
/// one transaction and one lock of the chain's head for many entries — then hands each appender its own entry. Under
/// no concurrency a batch is one record, as before; under load the head row is locked once per batch instead of once
/// per tool call. The queue keeps arrival order, so the chain follows it.
/// </summary>
/// <param name="writeBatch">Writes the records in order in one transaction and returns their entries in the same order.</param>
/// <param name="maxBatch">The most records one call of <paramref name="writeBatch"/> receives.</param>
/// <remarks>
/// An appender whose token is cancelled while it waits for the writer turn stops waiting, but its record stays queued
/// and is written with the next batch: an audit entry, once asked for, is not dropped. The batch itself is written
/// without any one caller's token.
/// </remarks>
public sealed class AuditAppendBatcher(Func<IReadOnlyList<AuditRecord>, Task<IReadOnlyList<AuditEntry>>> writeBatch, int maxBatch = 256)
{
    private readonly ConcurrentQueue<Pending> _queue = new();
    private readonly SemaphoreSlim _writerTurn = new(1, 1);

    /// <summary>Appends <paramref name="record"/>, possibly in a batch with others; its entry once committed.</summary>
    public async Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        var pending = new Pending(record);
        _queue.Enqueue(pending);
        while (!pending.Completion.Task.IsCompleted)
        {
            await _writerTurn.WaitAsync(cancellationToken);
            try
            {
                if (!pending.Completion.Task.IsCompleted)
                {
                    await WriteQueuedAsync();
                }
            }
            finally
            {
                _writerTurn.Release();
            }
        }

        return await pending.Completion.Task;
    }

    private async Task WriteQueuedAsync()
    {
        var batch = new List<Pending>();
        while (batch.Count < maxBatch && _queue.TryDequeue(out var next))
        {
            batch.Add(next);
        }

        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            var entries = await writeBatch([.. batch.Select(p => p.Record)]);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(entries[i]);
            }
        }
        catch (Exception ex) when (FailAll(batch, ex))
        {
            // Not reached: the filter hands the failure to every appender of the batch and lets it propagate.
        }
    }

    private static bool FailAll(List<Pending> batch, Exception failure)
    {
        foreach (var pending in batch)
        {
            pending.Completion.TrySetException(failure);
        }

        return false;
    }

    private sealed class Pending(AuditRecord record)
    {
        public AuditRecord Record { get; } = record;

        public TaskCompletionSource<AuditEntry> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
