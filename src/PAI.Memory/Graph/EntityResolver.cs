using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Knowledge;
using PAI.Memory.Embeddings;

namespace PAI.Memory.Graph;

/// <summary>
/// Deduplicates entities by meaning, after the write: a graph write resolves names by normalised key and alias only
/// (exact, one index probe per name, so ingest never waits for a model), then wakes this service, which embeds the
/// new names in batches and merges each new entity into the most similar older one at or above
/// <see cref="GraphOptions.MergeThreshold"/> (its name becomes an alias, its facts move). Embedding is the slow part
/// (~150 names/s on the in-process model): doing it here keeps direct ingestion at thousands of facts per second.
/// </summary>
public sealed partial class EntityResolver(
    IKnowledgeStore store,
    MemoryEmbedder embedder,
    IOptions<GraphOptions> options,
    ILogger<EntityResolver> logger) : BackgroundService
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim _pass = new(1, 1);
    private int _reset;

    /// <summary>Asks for a pass soon (after a write that may have created entities).</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>
    /// Embeds every entity name still without an embedding and merges duplicates; returns how many entities were
    /// merged. One pass at a time; used by the background loop and by whoever needs resolution done now.
    /// </summary>
    public async Task<int> ResolvePendingAsync(CancellationToken cancellationToken = default)
    {
        await _pass.WaitAsync(cancellationToken);
        try
        {
            if (Interlocked.Exchange(ref _reset, 1) == 0)
            {
                var reset = await store.ResetEntityVectorsAsync(embedder.ModelId, cancellationToken);
                if (reset > 0)
                {
                    LogReset(logger, reset, embedder.ModelId);
                }
            }

            var merged = 0;
            while (true)
            {
                var batch = await store.ListUnembeddedAsync(options.Value.ResolverBatchSize, cancellationToken);
                if (batch.Count == 0)
                {
                    return merged;
                }

                merged += await ResolveBatchAsync(batch, cancellationToken);
            }
        }
        finally
        {
            _pass.Release();
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _pass.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.ResolverInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                wait.CancelAfter(interval);
                try
                {
                    await _wake.Reader.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // The interval passed with no write: look anyway (entities of a crashed pass, another silo's writes).
                }
            }

            try
            {
                await ResolvePendingAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogPassFailed(logger, ex);
            }
        }
    }

    private async Task<int> ResolveBatchAsync(IReadOnlyList<EntityToEmbed> batch, CancellationToken cancellationToken)
    {
        var model = embedder.ModelId;
        var vectors = await embedder.EmbedDocumentsAsync(batch.Select(e => e.Name).ToList(), cancellationToken);
        await store.SetEntityVectorsAsync(batch.Select((e, i) => new EntityVectorUpdate(e.Principal, e.Id, model, EntityKeys.IsSystemType(e.Type) ? null : vectors[i])).ToList(), cancellationToken);
        var threshold = options.Value.MergeThreshold ?? GraphOptions.DefaultMergeThreshold(embedder.Model);
        var merged = 0;
        foreach (var group in batch.Where(e => !EntityKeys.IsSystemType(e.Type)).GroupBy(e => e.Principal, StringComparer.Ordinal))
        {
            var known = (await store.ReadEntityVectorsAsync(group.Key, model, cancellationToken)).ToList();
            var byId = known.ToDictionary(v => v.Id, StringComparer.Ordinal);
            foreach (var entity in group)
            {
                if (!byId.TryGetValue(entity.Id, out var vector) || EntityMatcher.FindMatch(vector, known, threshold) is not { } match)
                {
                    continue;
                }

                if (await store.MergeEntitiesAsync(group.Key, match.Id, entity.Id, cancellationToken))
                {
                    known.Remove(vector);
                    merged++;
                    KnowledgeTelemetry.EntitiesMerged.Add(1);
                    LogMerged(logger, entity.Id, match.Id);
                }
            }
        }

        return merged;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Entity {Merged} merged into {Kept} (name embeddings at or above the threshold)")]
    private static partial void LogMerged(ILogger logger, string merged, string kept);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} entity name embeddings were made by another model than {Model}; they are made again")]
    private static partial void LogReset(ILogger logger, int count, string model);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Entity resolution pass failed; the next pass tries again")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
