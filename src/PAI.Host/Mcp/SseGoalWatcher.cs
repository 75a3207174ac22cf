using System.Runtime.CompilerServices;
using PAI.Abstractions.Goals;
using PAI.Host.Apis;
using PAI.Host.Apis.Models;

namespace PAI.Host.Mcp;

/// <summary>Reads the same stream <c>GET /api/goals/{id}/events</c> sends (the goal grain's observers).</summary>
public sealed class SseGoalWatcher(IGrainFactory grains) : IGoalWatcher
{
    /// <inheritdoc />
    public async IAsyncEnumerable<GoalUpdate> WatchAsync(string goalId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (await grains.GetGrain<IGoalGrain>(goalId).GetAsync() is not { } snapshot)
        {
            yield break;
        }

        await foreach (var item in GoalsApi.StreamAsync(goalId, snapshot, grains, cancellationToken))
        {
            yield return item.Data switch
            {
                GoalResponse goal => new GoalUpdate(goal, null),
                GoalEventResponse e => new GoalUpdate(null, e),
                _ => throw new InvalidOperationException($"unexpected event data {item.Data?.GetType().Name}"),
            };
        }
    }
}
