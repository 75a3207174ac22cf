using Microsoft.Extensions.Logging;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Storage;
using PAI.Engine.Goals;

namespace PAI.Engine.Grains;

/// <summary>
/// The one place that writes a goal's index row (one per activation). Writes run one at a time, in the order the
/// transitions asked for them, and a row the activation already wrote with the same status (and handlers-pending flag)
/// is not written again.
/// </summary>
internal sealed partial class GoalIndexWriter(IGoalIndex index, string goalId, ILogger logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (GoalStatus Status, bool HandlersPending)? _written;

    /// <summary>
    /// Carries out <see cref="ReserveIndex"/>, <see cref="UpdateIndex"/> or <see cref="RemoveIndex"/>. Reserving and
    /// removing throw on failure (the submit fails); a failed update is logged and made again by the next watchdog tick.
    /// </summary>
    public async Task WriteAsync(GoalEffect effect)
    {
        await _gate.WaitAsync();
        try
        {
            switch (effect)
            {
                case ReserveIndex reserve:
                    _written = null;
                    await index.UpsertAsync(reserve.Entry);
                    _written = (reserve.Entry.Status, reserve.Entry.HandlersPending);
                    break;
                case RemoveIndex:
                    _written = null;
                    await index.DeleteGoalAsync(goalId);
                    break;
                case UpdateIndex update when (update.Entry.Status, update.Entry.HandlersPending) != _written:
                    try
                    {
                        await index.UpsertAsync(update.Entry);
                        _written = (update.Entry.Status, update.Entry.HandlersPending);
                    }
                    catch (Exception ex)
                    {
                        LogUpdateFailed(logger, ex, goalId, update.Entry.Status);
                    }

                    break;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Goal {GoalId}: writing its index row ({Status}) failed; the next watchdog tick writes it again")]
    private static partial void LogUpdateFailed(ILogger logger, Exception exception, string goalId, GoalStatus status);
}
