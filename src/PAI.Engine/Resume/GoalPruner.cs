using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Storage;

namespace PAI.Engine.Resume;

/// <summary>
/// Deletes the stored state of goals that finished longer ago than the retention, so the store does not grow without
/// bound. The goal's workspace folder (the files it produced) is the person's and is left alone.
/// </summary>
public sealed partial class GoalPruner(IGoalIndex index, IOptions<EngineOptions> options, TimeProvider time, ILogger<GoalPruner> logger) : BackgroundService
{
    /// <summary>Prunes once; returns how many goals were removed.</summary>
    public async Task<int> PruneOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.FinishedGoalRetention;
        var pruned = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var ids = await index.ListFinishedBeforeAsync(cutoff, 500, cancellationToken);
            foreach (var id in ids)
            {
                await index.DeleteGoalAsync(id, cancellationToken);
            }

            pruned += ids.Count;
            if (ids.Count < 500)
            {
                break;
            }
        }

        if (pruned > 0)
        {
            LogPruned(logger, pruned, cutoff);
        }

        return pruned;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PruneInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await PruneOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogPruneFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Count} goals finished before {Cutoff}")]
    private static partial void LogPruned(ILogger logger, int count, DateTimeOffset cutoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning finished goals failed; next interval retries")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
