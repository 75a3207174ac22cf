using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Memory;
using PAI.Memory.Embeddings;

namespace PAI.Memory.Memories;

/// <summary>
/// Keeps stored memories current in the background: re-embeds, in batches, every memory whose recorded model is not
/// the configured one (after a model change), and prunes the ids of old deletions. Each batch is its own transaction,
/// and a row is updated only while it still has the model it was read with, so the work is resumable (a restart goes
/// on with the rows still stale) and harmless when two silos do it at once. Until a memory is re-embedded it is found
/// by keyword search only.
/// </summary>
public sealed partial class MemoryMaintenance(
    IMemoryStore store,
    MemoryEmbedder embedder,
    IOptions<MemoryOptions> options,
    TimeProvider time,
    ILogger<MemoryMaintenance> logger) : BackgroundService
{
    /// <summary>Runs one pass: re-embeds until nothing is stale, then prunes; returns how many memories were re-embedded.</summary>
    public async Task<long> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        long total = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var stale = await store.ListStaleAsync(embedder.ModelId, Math.Max(1, settings.ReembedBatchSize), cancellationToken);
            if (stale.Count == 0)
            {
                break;
            }

            using var activity = MemoryTelemetry.Source.StartActivity("memory.reembed");
            var vectors = await embedder.EmbedDocumentsAsync(stale.Select(s => MemoryDocument.Of(s.Text, s.OccurredAt)).ToArray(), cancellationToken);
            var updates = stale.Select((s, i) => new MemoryVectorUpdate(s.Principal, s.Id, s.Model, embedder.ModelId, vectors[i])).ToArray();
            var applied = await store.UpdateVectorsAsync(updates, cancellationToken);
            total += applied;
            MemoryTelemetry.Reembedded.Add(applied);
            if (applied == 0)
            {
                // Every row of the batch changed under us (another silo re-embedded it); read again.
                await Task.Yield();
            }
        }

        if (total > 0)
        {
            LogReembedded(logger, total, embedder.ModelId);
        }

        await store.PruneDeletedAsync(time.GetUtcNow() - settings.DeletionRetention, cancellationToken);
        return total;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Out of the way of start-up (resume scans, cache loads): nothing here is urgent.
        try
        {
            await Task.Delay(options.Value.MaintenanceStartDelay, time, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex);
            }

            try
            {
                await Task.Delay(options.Value.MaintenanceInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-embedded {Count} memories with {Model}")]
    private static partial void LogReembedded(ILogger logger, long count, string model);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Memory maintenance failed; trying again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
