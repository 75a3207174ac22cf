using PAI.Abstractions.Goals;
using PAI.Engine.Goals;

namespace PAI.Engine.Tests.Goals;

/// <summary>The bounded tail of events a goal keeps for watchers that resume.</summary>
public sealed class GoalEventLogTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Append_BeyondCapacity_KeepsTheLatestInOrder()
    {
        var log = Log(GoalEventLog.Capacity + 10);

        Assert.Equal(GoalEventLog.Capacity, log.Count);
        Assert.Equal(11, log[0].Sequence);
        Assert.Equal(GoalEventLog.Capacity + 10, log[^1].Sequence);
    }

    [Fact]
    public void Read_AfterAKeptPosition_GivesTheRestUpToDurable()
    {
        var log = Log(20);

        var (events, complete) = GoalEventLog.Read(log, after: 5, through: 12);

        Assert.True(complete);
        Assert.Equal(Enumerable.Range(6, 7).Select(i => (long)i), events.Select(e => e.Sequence));
    }

    [Fact]
    public void Read_AtTheEnd_CompleteAndEmpty()
    {
        var (events, complete) = GoalEventLog.Read(Log(3), after: 3, through: 3);

        Assert.True(complete);
        Assert.Empty(events);
    }

    [Fact]
    public void Read_PositionNoLongerKept_Incomplete()
    {
        var log = Log(GoalEventLog.Capacity + 10);

        var (_, complete) = GoalEventLog.Read(log, after: 5, through: GoalEventLog.Capacity + 10);

        Assert.False(complete);
    }

    [Fact]
    public void Read_PositionBeyondTheGoal_Incomplete()
    {
        var (_, complete) = GoalEventLog.Read(Log(3), after: 9, through: 3);

        Assert.False(complete);
    }

    [Fact]
    public void Read_StateFromBeforeTheLog_IncompleteSoTheWatcherGetsASnapshot()
    {
        var (_, complete) = GoalEventLog.Read([], after: 0, through: 7);

        Assert.False(complete);
    }

    [Fact]
    public void Read_RandomPositions_GapFreeAndBounded()
    {
        var random = new Random(11);
        for (var run = 0; run < 500; run++)
        {
            var total = random.Next(0, 2 * GoalEventLog.Capacity);
            var log = Log(total);
            var through = random.Next(0, total + 1);
            var after = random.Next(-1, total + 2);
            var (events, complete) = GoalEventLog.Read(log, after, through);

            var kept = total == 0 ? 1 : log[0].Sequence;
            var expectComplete = after == through || (after < through && after + 1 >= kept);
            Assert.Equal(expectComplete, complete);
            if (complete)
            {
                Assert.Equal(Enumerable.Range((int)after + 1, Math.Max(0, through - after)).Select(i => (long)i), events.Select(e => e.Sequence));
            }
        }
    }

    private static List<GoalEvent> Log(int count)
    {
        var log = new List<GoalEvent>();
        for (var i = 1; i <= count; i++)
        {
            GoalEventLog.Append(log, new GoalEvent(i, "step", "s", "Running", At, null));
        }

        return log;
    }
}
