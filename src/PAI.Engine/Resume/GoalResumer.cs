using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Storage;

namespace PAI.Engine.Resume;

/// <summary>
/// Makes unfinished goals progress with no person acting: once when the silo becomes active (after a crash or
/// restart), and again whenever the cluster declares a silo dead (its goals and steps reactivate elsewhere).
/// Resuming is idempotent, so a goal poked by several silos at once is harmless.
/// </summary>
public sealed partial class GoalResumer(
    IGrainFactory grains,
    IGoalIndex index,
    IClusterMembershipService membership,
    ILogger<GoalResumer> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<SiloAddress> _knownDead = [];

    /// <summary>Completes when the first scan after start-up has finished (for tests and readiness).</summary>
    public Task FirstScan => _firstScan.Task;

    private readonly TaskCompletionSource _firstScan = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(GoalResumer), ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

    /// <summary>Activates every unfinished goal; returns how many were poked.</summary>
    public async Task<int> ScanAsync(string reason, CancellationToken cancellationToken)
    {
        var ids = await index.ListUnfinishedAsync(cancellationToken);
        var resumed = 0;
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (id, _) =>
        {
            try
            {
                if (await grains.GetGrain<IGoalGrain>(id).ResumeAsync())
                {
                    Interlocked.Increment(ref resumed);
                    EngineTelemetry.GoalsResumed.Add(1);
                }
            }
            catch (Exception ex)
            {
                LogResumeFailed(logger, ex, id);
            }
        });
        LogScanned(logger, reason, ids.Count, resumed);
        return resumed;
    }

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                await ScanAsync("silo started", _stopping.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogScanFailed(logger, ex);
            }
            finally
            {
                _firstScan.TrySetResult();
            }
        }, CancellationToken.None);
        _ = Task.Run(WatchMembershipAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
    }

    private async Task WatchMembershipAsync()
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(_stopping.Token))
            {
                var newlyDead = snapshot.Members.Values
                    .Where(m => m.Status == SiloStatus.Dead && _knownDead.Add(m.SiloAddress))
                    .Select(m => m.SiloAddress)
                    .ToList();
                if (newlyDead.Count > 0)
                {
                    await ScanAsync($"silo lost: {string.Join(", ", newlyDead)}", _stopping.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
        catch (Exception ex)
        {
            LogScanFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Resume scan ({Reason}): {Unfinished} unfinished goals, {Resumed} resumed")]
    private static partial void LogScanned(ILogger logger, string reason, int unfinished, int resumed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resuming goal {GoalId} failed; the next scan or the goal's own watchdog retries")]
    private static partial void LogResumeFailed(ILogger logger, Exception exception, string goalId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Resume scan failed")]
    private static partial void LogScanFailed(ILogger logger, Exception exception);
}
