using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Core.Internal;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Storage;

namespace PAI.Engine.Resume;

/// <summary>
/// Deletes the stored state of goals that finished longer ago than the retention, so the store does not grow without
/// bound. The goal's workspace folder (the files it produced) is the person's and is left alone; only an empty one (every
/// tool call makes sure its goal has one, so most goals leave an empty folder) is removed with the goal.
/// </summary>
/// <remarks>
/// Deleting the rows is not enough while the goal grain is still active: it would keep answering from memory. So after
/// the rows are gone the pruner deactivates the goal grain; a later call activates it afresh from the (now empty) store.
/// </remarks>
public sealed partial class GoalPruner(IGoalIndex index, IOptions<EngineOptions> options, TimeProvider time, ILogger<GoalPruner> logger, IGrainFactory grains) : BackgroundService
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
                await ForgetActivationAsync(id);
                RemoveEmptyWorkspace(id);
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

    private async Task ForgetActivationAsync(string goalId)
    {
        try
        {
            // Activates the grain if it is not active (it then reads the empty store) and deactivates it when idle.
            await grains.GetGrain<IGoalGrain>(goalId).AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        }
        catch (Exception ex)
        {
            // The rows are gone; the worst case is a stale answer until the activation is collected as idle.
            LogDeactivateFailed(logger, ex, goalId);
        }
    }

    private void RemoveEmptyWorkspace(string goalId)
    {
        try
        {
            // Not recursive: a folder with anything in it throws and stays.
            Directory.Delete(options.Value.WorkspaceOf(goalId), recursive: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruned goal {GoalId}, but its activation could not be deactivated")]
    private static partial void LogDeactivateFailed(ILogger logger, Exception exception, string goalId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning finished goals failed; next interval retries")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
