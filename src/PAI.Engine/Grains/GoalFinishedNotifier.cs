using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Goals;
using PAI.Engine.Goals;

namespace PAI.Engine.Grains;

/// <summary>
/// Carries out <see cref="NotifyGoalFinished"/>: logs and counts a goal's finish once, and hands the goal to every
/// registered <see cref="IGoalFinishedHandler"/> within <see cref="EngineOptions.FinishedHandlerTimeout"/>, one delivery
/// per goal at a time.
/// </summary>
public sealed partial class GoalFinishedNotifier(
    IEnumerable<IGoalFinishedHandler> handlers,
    IOptions<EngineOptions> options,
    TimeProvider time,
    ILogger<GoalFinishedNotifier> logger)
{
    private readonly IGoalFinishedHandler[] _handlers = handlers.ToArray();
    private readonly ConcurrentDictionary<string, bool> _delivering = new(StringComparer.Ordinal);

    /// <summary>Whether any handler is registered (without one, the machine counts a finish as handled at once).</summary>
    public bool HasHandlers => _handlers.Length > 0;

    /// <summary>True when every handler took the goal: then apply <see cref="FinishedHandled"/>. False when there is
    /// nothing to deliver, a delivery is in flight, or a handler failed or ran out of time (logged; delivered again later).</summary>
    public async Task<bool> DeliverAsync(NotifyGoalFinished notice)
    {
        var goal = notice.Goal;
        if (!notice.Redelivery)
        {
            var status = new KeyValuePair<string, object?>("status", goal.Status.ToString());
            LogFinished(logger, goal.GoalId, goal.Status, goal.Error);
            EngineTelemetry.GoalsFinished.Add(1, status);
            EngineTelemetry.GoalDuration.Record((goal.FinishedAt - goal.CreatedAt).TotalSeconds, status);
        }

        if (_handlers.Length == 0 || !_delivering.TryAdd(goal.GoalId, true))
        {
            return false;
        }

        try
        {
            using var timeout = new CancellationTokenSource(options.Value.FinishedHandlerTimeout, time);
            foreach (var handler in _handlers)
            {
                await handler.OnGoalFinishedAsync(goal, timeout.Token);
            }

            return true;
        }
        catch (Exception ex)
        {
            LogHandlerFailed(logger, ex, goal.GoalId);
            return false;
        }
        finally
        {
            _delivering.TryRemove(goal.GoalId, out _);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Goal {GoalId} finished {Status} {Error}")]
    private static partial void LogFinished(ILogger logger, string goalId, GoalStatus status, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Goal {GoalId}: a finished handler failed; the goal delivers it again on a later watchdog tick")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string goalId);
}
