using System.Runtime.CompilerServices;
using PAI.Host.Apis.Feed;
using PAI.Host.Apis.Models;

namespace PAI.Host.Mcp;

/// <summary>Reads the goal's event feed (<see cref="GoalFeed"/>), the one that server-sent events and gRPC's Watch read.</summary>
public sealed class SseGoalWatcher(GoalFeed feed) : IGoalWatcher
{
    /// <inheritdoc />
    public async IAsyncEnumerable<GoalUpdate> WatchAsync(string goalId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in feed.WatchAsync(goalId, after: null, cancellationToken))
        {
            yield return item.Snapshot is { } snapshot
                ? new GoalUpdate(GoalResponse.From(snapshot), null)
                : new GoalUpdate(null, GoalEventResponse.From(item.Event!));
        }
    }
}
