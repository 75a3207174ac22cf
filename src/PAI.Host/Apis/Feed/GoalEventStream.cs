using System.Threading.Channels;
using PAI.Abstractions.Goals;

namespace PAI.Host.Apis.Feed;

/// <summary>
/// An observer that queues a goal's live events for one watcher. Bounded: when a watcher falls this far behind the
/// oldest are dropped, and <see cref="GoalFeed"/> reads them back from the goal (it sees the gap in sequences).
/// </summary>
internal sealed class GoalEventStream : IGoalObserver
{
    /// <summary>Live events held per watcher.</summary>
    public const int Capacity = 1024;

    private readonly Channel<GoalEvent> _events = Channel.CreateBounded<GoalEvent>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    public ChannelReader<GoalEvent> Reader => _events.Reader;

    public Task OnGoalEventAsync(GoalEvent goalEvent)
    {
        _events.Writer.TryWrite(goalEvent);
        return Task.CompletedTask;
    }
}
