using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using PAI.Abstractions.Schedules;

namespace PAI.Schedules;

/// <summary>
/// Wakes every schedule when the silo becomes active and whenever the cluster declares a silo dead, so that fires
/// resume within seconds of a restart or failover rather than at the next reminder tick (up to
/// <see cref="ScheduleOptions.WakeReminderPeriod"/> later). Waking is idempotent; several silos doing it is harmless.
/// </summary>
public sealed partial class ScheduleResumer(
    IGrainFactory grains,
    IClusterMembershipService membership,
    ILogger<ScheduleResumer> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private const int PageSize = 500;
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<SiloAddress> _knownDead = [];

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ScheduleResumer), ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

    /// <summary>Wakes every schedule; returns how many.</summary>
    public async Task<int> WakeAllAsync(CancellationToken cancellationToken)
    {
        var directory = grains.GetGrain<IScheduleDirectoryGrain>(0);
        var woken = 0;
        ScheduleDirectoryEntry? after = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var page = await directory.ListAsync(null, after, PageSize);
            await Parallel.ForEachAsync(page, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (entry, _) =>
            {
                try
                {
                    await grains.GetGrain<IScheduleGrain>(entry.Id).WakeAsync();
                    Interlocked.Increment(ref woken);
                }
                catch (Exception ex)
                {
                    LogWakeFailed(logger, ex, entry.Id);
                }
            });
            if (page.Count < PageSize)
            {
                break;
            }

            after = page[^1];
        }

        return woken;
    }

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(() => ScanAsync("silo started"), CancellationToken.None);
        _ = Task.Run(WatchMembershipAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken) => await _stopping.CancelAsync();

    private async Task ScanAsync(string reason)
    {
        try
        {
            LogWoken(logger, reason, await WakeAllAsync(_stopping.Token));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogScanFailed(logger, ex);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    private async Task WatchMembershipAsync()
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(_stopping.Token))
            {
                var newlyDead = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead && _knownDead.Add(m.SiloAddress)).ToList();
                if (newlyDead.Count > 0)
                {
                    await ScanAsync($"silo lost: {string.Join(", ", newlyDead.Select(m => m.SiloAddress))}");
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
}
