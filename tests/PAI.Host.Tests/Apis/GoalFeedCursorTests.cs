using PAI.Abstractions.Goals;
using PAI.Engine.Goals;
using PAI.Host.Apis.Feed;

namespace PAI.Host.Tests.Apis;

/// <summary>
/// The watcher's position in a goal's feed, driven the way <see cref="GoalFeed"/> drives it, with live notifications
/// that arrive dropped, duplicated and out of order and reconnects from the last position seen: every event is
/// delivered exactly once, in order, or replaced by a snapshot when the goal no longer keeps it.
/// </summary>
public sealed class GoalFeedCursorTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Offer_NextDuplicateOrAhead_DeliverSkipOrCatchUp()
    {
        var cursor = new GoalFeedCursor(4);

        Assert.Equal(GoalFeedDecision.Deliver, cursor.Offer(Event(5)));
        Assert.Equal(GoalFeedDecision.Skip, cursor.Offer(Event(4)));
        Assert.Equal(GoalFeedDecision.CatchUp, cursor.Offer(Event(7)));
    }

    [Fact]
    public void Take_Snapshot_ReplacesAStalePosition()
    {
        var cursor = new GoalFeedCursor(99);

        var items = cursor.Take(new GoalEventPage([], View(), 12, Finished: false));

        Assert.Single(items);
        Assert.Equal(12, cursor.Position);
    }

    [Fact]
    public void Watch_LossyReorderedLiveEventsAndReconnects_EveryEventOnceInOrder()
    {
        for (var seed = 1; seed <= 300; seed++)
        {
            var random = new Random(seed);
            var total = random.Next(1, 3 * GoalEventLog.Capacity);
            var log = new List<GoalEvent>();
            var seen = new List<long>();
            var snapshots = 0;
            long? resumeFrom = null;
            var produced = 0;

            // One connection after another, each resuming from the last position the watcher saw.
            while (seen.Count == 0 || seen[^1] < total)
            {
                var cursor = new GoalFeedCursor(resumeFrom ?? 0);
                Collect(cursor.Take(Read(log, produced, resumeFrom ?? -1)), seen, ref snapshots);
                var connectionEnds = random.Next(0, 40);
                for (var tick = 0; tick < connectionEnds && cursor.Position < total; tick++)
                {
                    // The goal makes progress; its live notifications are dropped, repeated or delivered late.
                    var live = new List<GoalEvent>();
                    for (var n = random.Next(0, 4); n > 0 && produced < total; n--)
                    {
                        produced++;
                        GoalEventLog.Append(log, Event(produced));
                        if (random.Next(5) > 0)
                        {
                            live.Add(Event(produced));
                        }

                        if (random.Next(6) == 0)
                        {
                            live.Add(Event(produced));
                        }
                    }

                    if (live.Count > 1 && random.Next(3) == 0)
                    {
                        (live[0], live[^1]) = (live[^1], live[0]);
                    }

                    var catchUp = random.Next(8) == 0; // the renewal timer's read
                    foreach (var e in live)
                    {
                        switch (cursor.Offer(e))
                        {
                            case GoalFeedDecision.Deliver:
                                Collect([cursor.Deliver(e)], seen, ref snapshots);
                                break;
                            case GoalFeedDecision.CatchUp:
                                catchUp = true;
                                break;
                        }
                    }

                    if (catchUp)
                    {
                        Collect(cursor.Take(Read(log, produced, cursor.Position)), seen, ref snapshots);
                    }
                }

                if (produced == total)
                {
                    Collect(cursor.Take(Read(log, produced, cursor.Position)), seen, ref snapshots);
                }

                resumeFrom = cursor.Position;
            }

            // Strictly increasing; consecutive except where a snapshot stood in for events no longer kept.
            for (var i = 1; i < seen.Count; i++)
            {
                Assert.True(seen[i] > seen[i - 1], $"seed {seed}: {seen[i - 1]} then {seen[i]}");
            }

            var gaps = seen.Zip(seen.Skip(1)).Count(p => p.Second != p.First + 1);
            Assert.True(gaps <= snapshots, $"seed {seed}: {gaps} gaps with {snapshots} snapshots");
            Assert.Equal(total, seen[^1]);
        }
    }

    private static void Collect(IReadOnlyList<GoalFeedItem> items, List<long> seen, ref int snapshots)
    {
        foreach (var item in items)
        {
            if (item.Snapshot is not null)
            {
                snapshots++;
                if (seen.Count > 0 && item.Position == seen[^1])
                {
                    continue;
                }
            }

            seen.Add(item.Position);
        }
    }

    /// <summary>What the goal grain answers: the kept events after the position, or a snapshot.</summary>
    private static GoalEventPage Read(List<GoalEvent> log, long through, long after)
    {
        if (after >= 0)
        {
            var (events, complete) = GoalEventLog.Read(log, after, through);
            if (complete)
            {
                return new GoalEventPage(events, null, 0, false);
            }
        }

        return new GoalEventPage([], View(), through, false);
    }

    private static GoalEvent Event(long sequence) => new(sequence, "step", "s", "Running", At, null);

    private static GoalView View() => new("g_1", "t", GoalStatus.Running, At, At, [], null, null, "admin", null);
}
