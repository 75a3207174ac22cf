using System.Runtime.CompilerServices;
using PAI.Abstractions.Goals;

namespace PAI.Host.Apis.Feed;

/// <summary>
/// The one per-goal event feed every watcher reads (server-sent events, gRPC <c>Watch</c>, MCP progress): a snapshot
/// or the events after a given position, then every event live, each once and in order, until the goal finishes.
/// </summary>
/// <remarks>
/// Live events come through a grain observer (cheap, pushed); the goal keeps its latest events in its durable state
/// (<c>GoalEventLog</c>), so anything the observer misses — a dropped notification, a watcher too slow, the goal's
/// activation moving to another silo — is read back from the goal by sequence. A position older than what the goal
/// keeps gets a snapshot instead. Memory per watcher is bounded by <see cref="GoalEventStream.Capacity"/>.
/// </remarks>
public sealed class GoalFeed(IGrainFactory grains)
{
    /// <summary>How often a watcher renews its subscription and reads what it may have missed.</summary>
    public static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The feed of <paramref name="goalId"/>: with <paramref name="after"/>, the events after it (or a snapshot when they
    /// are no longer kept); without, a snapshot first. Ends after the goal's last event, or at once for an unknown goal.
    /// </summary>
    public async IAsyncEnumerable<GoalFeedItem> WatchAsync(string goalId, long? after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var goal = grains.GetGrain<IGoalGrain>(goalId);
        var stream = new GoalEventStream();
        var reference = grains.CreateObjectReference<IGoalObserver>(stream);
        try
        {
            // Subscribe before reading, so that no event falls between the read and the live ones.
            await goal.SubscribeAsync(reference);
            var cursor = new GoalFeedCursor(after ?? 0);
            var page = await goal.ReadEventsAsync(after ?? -1);
            if (page is null)
            {
                yield break;
            }

            foreach (var item in cursor.Take(page))
            {
                yield return item;
            }

            using var renewal = new PeriodicTimer(RenewInterval);
            var renew = renewal.WaitForNextTickAsync(cancellationToken).AsTask();
            Task<bool>? next = null;
            while (!cursor.Finished)
            {
                next ??= stream.Reader.WaitToReadAsync(cancellationToken).AsTask();
                var readBack = false;
                if (await Task.WhenAny(next, renew) == renew)
                {
                    await renew;
                    await goal.SubscribeAsync(reference);
                    renew = renewal.WaitForNextTickAsync(cancellationToken).AsTask();
                    readBack = true;
                }
                else
                {
                    await next;
                    next = null;
                    while (!readBack && stream.Reader.TryRead(out var e))
                    {
                        if (e.Sequence <= 0)
                        {
                            // Live output (a model's text as it is generated): not a transition, not stored, so it has
                            // no position of its own and a watcher that reconnects does not get it again.
                            yield return new GoalFeedItem(cursor.Position, null, e);
                            continue;
                        }

                        switch (cursor.Offer(e))
                        {
                            case GoalFeedDecision.Deliver:
                                yield return cursor.Deliver(e);

                                // The goal's finish may be followed by nothing more: a read says so (and ends the feed).
                                readBack = GoalFeedCursor.IsGoalFinish(e);
                                break;
                            case GoalFeedDecision.CatchUp:
                                readBack = true;
                                break;
                        }
                    }
                }

                if (readBack && await goal.ReadEventsAsync(cursor.Position) is { } missed)
                {
                    foreach (var item in cursor.Take(missed))
                    {
                        yield return item;
                    }
                }
            }
        }
        finally
        {
            try
            {
                await goal.UnsubscribeAsync(reference);
            }
            finally
            {
                grains.DeleteObjectReference<IGoalObserver>(reference);
            }
        }
    }
}
