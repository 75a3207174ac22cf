using System.Threading.Channels;
using PAI.Abstractions.Goals;

namespace PAI.Host.Apis;

/// <summary>An observer that turns a goal's transitions into an async stream for server-sent events.</summary>
internal sealed class GoalEventStream : IGoalObserver
{
    private readonly Channel<GoalEvent> _events = Channel.CreateBounded<GoalEvent>(new BoundedChannelOptions(10_000)
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
