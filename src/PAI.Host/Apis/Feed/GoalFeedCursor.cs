using PAI.Abstractions.Goals;

namespace PAI.Host.Apis.Feed;

/// <summary>What to do with an event that arrived live.</summary>
public enum GoalFeedDecision
{
    /// <summary>Already delivered (a duplicate, or covered by a snapshot or a read).</summary>
    Skip,

    /// <summary>The next one: deliver it.</summary>
    Deliver,

    /// <summary>Some events before it are missing (dropped, reordered or lost in a reactivation): read them from the goal.</summary>
    CatchUp,
}

/// <summary>
/// The position of one watcher in a goal's feed: every event is delivered once, in order, whatever order, duplicates
/// or gaps the live notifications come with. Pure: the feed reads pages from the goal and offers live events here.
/// </summary>
public sealed class GoalFeedCursor(long position)
{
    /// <summary>The sequence of the last event delivered (or the position of the last snapshot).</summary>
    public long Position { get; private set; } = position;

    /// <summary>Whether the feed has delivered the goal's last event.</summary>
    public bool Finished { get; private set; }

    /// <summary>What to do with a live event.</summary>
    public GoalFeedDecision Offer(GoalEvent goalEvent) =>
        goalEvent.Sequence <= Position ? GoalFeedDecision.Skip
        : goalEvent.Sequence == Position + 1 ? GoalFeedDecision.Deliver
        : GoalFeedDecision.CatchUp;

    /// <summary>Records a live event as delivered (after <see cref="Offer"/> said <see cref="GoalFeedDecision.Deliver"/>).</summary>
    public GoalFeedItem Deliver(GoalEvent goalEvent)
    {
        Position = goalEvent.Sequence;
        return new GoalFeedItem(goalEvent.Sequence, null, goalEvent);
    }

    /// <summary>The items of a page read from the goal, in order, skipping what was already delivered.</summary>
    public IReadOnlyList<GoalFeedItem> Take(GoalEventPage page)
    {
        var items = new List<GoalFeedItem>(page.Events.Count + 1);
        // A snapshot replaces whatever the watcher had (even a position beyond the goal's, from a stale client).
        if (page.Snapshot is { } snapshot)
        {
            Position = page.Position;
            items.Add(new GoalFeedItem(page.Position, snapshot, null));
        }

        foreach (var e in page.Events)
        {
            if (Offer(e) == GoalFeedDecision.Deliver)
            {
                items.Add(Deliver(e));
            }
        }

        Finished |= page.Finished;
        return items;
    }

    /// <summary>True for the goal's own event that says it reached a terminal status (a read then tells whether more follow).</summary>
    public static bool IsGoalFinish(GoalEvent goalEvent) =>
        goalEvent.Kind == "goal" && Enum.TryParse<GoalStatus>(goalEvent.Status, out var status) && status.IsTerminal();
}
