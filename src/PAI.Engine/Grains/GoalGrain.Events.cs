using PAI.Abstractions.Goals;
using PAI.Engine.Goals;

namespace PAI.Engine.Grains;

/// <summary>The goal's event feed: the stored log read from a position, live publication, and subscriptions.</summary>
public sealed partial class GoalGrain
{
    /// <inheritdoc />
    public Task<GoalEventPage?> ReadEventsAsync(long after) => GatedAsync(async () =>
    {
        await _writer.WhenDurableAsync();
        if (!State.Exists)
        {
            return null;
        }

        var finished = State.Status.IsTerminal() && _eventsDurableThrough == State.EventSequence;
        if (after >= 0)
        {
            var (events, complete) = GoalEventLog.Read(State.RecentEvents ?? [], after, _eventsDurableThrough);
            if (complete)
            {
                return new GoalEventPage(events, null, 0, finished);
            }
        }

        return new GoalEventPage([], GoalProjections.View(State), State.EventSequence, State.Status.IsTerminal());
    });

    /// <inheritdoc />
    public Task PublishAsync(GoalEvent goalEvent)
    {
        if (_effects.Observers.Count > 0)
        {
            _effects.Observers.Notify(o => _ = o.OnGoalEventAsync(goalEvent));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task SubscribeAsync(IGoalObserver observer)
    {
        _effects.Observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task UnsubscribeAsync(IGoalObserver observer)
    {
        _effects.Observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }
}
