using Microsoft.Extensions.Time.Testing;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Schedules;
using PAI.Schedules.Calendar;

namespace PAI.Schedules.Tests;

/// <summary>The schedule's decisions, driven by a fake clock: misfires after downtime, overlaps, queueing, retries.</summary>
public sealed class ScheduleMachineTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Threshold = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);
    private static readonly GoalSubmission Template = new("report", null, "write-note", null, null, null);

    private readonly FakeTimeProvider _clock = new(T0);

    private static (ScheduleCalendar Calendar, ScheduleDefinition Definition) Every(TimeSpan interval, OverlapPolicy overlap = OverlapPolicy.Skip, MisfirePolicy misfire = MisfirePolicy.RunLatest)
    {
        var errors = new List<PlanError>();
        var calendar = ScheduleCalendar.TryCreate(null, interval, null, T0, errors)!;
        return (calendar, new ScheduleDefinition("test", null, interval, "UTC", Template, overlap, misfire));
    }

    private ScheduleStep Tick((ScheduleCalendar Calendar, ScheduleDefinition Definition) schedule, ScheduleProgress progress, bool previousUnfinished = false) =>
        ScheduleMachine.Tick(schedule.Calendar, schedule.Definition, progress, _clock.GetUtcNow(), previousUnfinished, Threshold, Poll);

    [Fact]
    public void Tick_BeforeTheFirstFireTime_SubmitsNothingAndWakesAtIt()
    {
        var schedule = Every(TimeSpan.FromHours(1));
        _clock.Advance(TimeSpan.FromMinutes(30));

        var step = Tick(schedule, new ScheduleProgress(T0));

        Assert.Null(step.Submit);
        Assert.Empty(step.Records);
        Assert.Equal(T0.AddHours(1), step.NextWake);
    }

    [Fact]
    public void Tick_AtTheFireTime_SubmitsItAndRecordsItInFlight()
    {
        var schedule = Every(TimeSpan.FromHours(1));
        _clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMilliseconds(40));

        var step = Tick(schedule, new ScheduleProgress(T0));

        Assert.Equal(T0.AddHours(1), step.Submit);
        Assert.Equal(T0.AddHours(1), step.Progress.InFlight);
        Assert.Equal(T0.AddHours(1), step.Progress.LastFireTime);
        Assert.Empty(step.Records);
    }

    [Fact]
    public void Tick_FireInFlightAfterACrash_SubmitsTheSameFireTimeAgain()
    {
        var schedule = Every(TimeSpan.FromHours(1));
        var crashed = new ScheduleProgress(T0.AddHours(1), InFlight: T0.AddHours(1));
        _clock.Advance(TimeSpan.FromHours(5));

        var step = Tick(schedule, crashed);

        Assert.Equal(T0.AddHours(1), step.Submit);
        Assert.Equal(crashed, step.Progress);
    }

    [Fact]
    public void Tick_AfterThreeHoursDownWithMisfireSkip_SkipsEveryMissedFire()
    {
        var schedule = Every(TimeSpan.FromHours(1), misfire: MisfirePolicy.Skip);
        _clock.Advance(TimeSpan.FromHours(3) + TimeSpan.FromMinutes(10));

        var step = Tick(schedule, new ScheduleProgress(T0));

        Assert.Null(step.Submit);
        Assert.Equal(T0.AddHours(3), step.Progress.LastFireTime);
        Assert.Equal([T0.AddHours(1), T0.AddHours(3)], step.Records.Select(r => r.FireTime));
        Assert.All(step.Records, r => Assert.Equal(ScheduleFireOutcome.SkippedMisfire, r.Outcome));
        Assert.Equal(T0.AddHours(4), step.NextWake);
    }

    [Fact]
    public void Tick_AfterThreeHoursDownWithRunLatest_RunsOnlyTheLatestMissedFire()
    {
        var schedule = Every(TimeSpan.FromHours(1), misfire: MisfirePolicy.RunLatest);
        _clock.Advance(TimeSpan.FromHours(3) + TimeSpan.FromMinutes(10));

        var step = Tick(schedule, new ScheduleProgress(T0));

        Assert.Equal(T0.AddHours(3), step.Submit);
        var missed = Assert.Single(step.Records);
        Assert.Equal((T0.AddHours(1), ScheduleFireOutcome.SkippedMisfire), (missed.FireTime, missed.Outcome));
    }

    [Fact]
    public void Tick_TwoSecondScheduleStalledNineSeconds_RunsEachLateFireInOrderWhateverThePolicy()
    {
        foreach (var policy in new[] { MisfirePolicy.Skip, MisfirePolicy.RunLatest })
        {
            var schedule = Every(TimeSpan.FromSeconds(2), misfire: policy);
            var now = T0.AddSeconds(13);
            var progress = new ScheduleProgress(T0.AddSeconds(4));
            var fired = new List<DateTimeOffset>();
            while (ScheduleMachine.Tick(schedule.Calendar, schedule.Definition, progress, now, false, Threshold, Poll) is { Submit: { } fire } step)
            {
                Assert.Empty(step.Records);
                fired.Add(fire);
                progress = step.Progress with { InFlight = null, LastGoalId = $"g{fire:ss}" };
            }

            Assert.Equal([T0.AddSeconds(6), T0.AddSeconds(8), T0.AddSeconds(10), T0.AddSeconds(12)], fired);
        }
    }

    [Fact]
    public void Tick_DownLongerThanTheThresholdThenOnTimeFires_SkipsTheMissedRangeAndRunsTheOnTimeOnes()
    {
        var schedule = Every(TimeSpan.FromSeconds(20), misfire: MisfirePolicy.RunLatest);
        var now = T0.AddSeconds(150);

        // Fire times 20..80 s are more than a minute old at 150 s: missed; 100..140 s are on time.
        var first = ScheduleMachine.Tick(schedule.Calendar, schedule.Definition, new ScheduleProgress(T0), now, false, Threshold, Poll);
        Assert.Null(first.Submit);
        Assert.Equal([(T0.AddSeconds(20), ScheduleFireOutcome.SkippedMisfire), (T0.AddSeconds(80), ScheduleFireOutcome.SkippedMisfire)], first.Records.Select(r => (r.FireTime, r.Outcome)));
        Assert.True(first.NextWake <= now);

        var second = ScheduleMachine.Tick(schedule.Calendar, schedule.Definition, first.Progress, now, false, Threshold, Poll);
        Assert.Equal(T0.AddSeconds(100), second.Submit);
    }

    [Fact]
    public void Tick_PreviousGoalUnfinishedWithOverlapSkip_SkipsTheFire()
    {
        var schedule = Every(TimeSpan.FromMinutes(5), overlap: OverlapPolicy.Skip);
        _clock.Advance(TimeSpan.FromMinutes(5));
        var progress = new ScheduleProgress(T0, LastGoalId: "g_previous");

        Assert.True(ScheduleMachine.NeedsPreviousStatus(schedule.Calendar, schedule.Definition, progress, _clock.GetUtcNow()));
        var step = Tick(schedule, progress, previousUnfinished: true);

        Assert.Null(step.Submit);
        Assert.Equal(ScheduleFireOutcome.SkippedOverlap, Assert.Single(step.Records).Outcome);
        Assert.Equal(T0.AddMinutes(10), step.NextWake);
    }

    [Fact]
    public void Tick_OverlapQueue_QueuesOneSkipsTheNextAndRunsTheQueuedOneWhenThePreviousFinishes()
    {
        var schedule = Every(TimeSpan.FromMinutes(5), overlap: OverlapPolicy.Queue);
        var progress = new ScheduleProgress(T0, LastGoalId: "g_previous");

        _clock.Advance(TimeSpan.FromMinutes(5));
        var queued = Tick(schedule, progress, previousUnfinished: true);
        Assert.Null(queued.Submit);
        Assert.Equal(T0.AddMinutes(5), queued.Progress.Queued);
        Assert.Equal(ScheduleFireOutcome.Queued, Assert.Single(queued.Records).Outcome);
        Assert.Equal(_clock.GetUtcNow() + Poll, queued.NextWake);

        _clock.Advance(TimeSpan.FromMinutes(5));
        var second = Tick(schedule, queued.Progress, previousUnfinished: true);
        Assert.Null(second.Submit);
        Assert.Equal(ScheduleFireOutcome.SkippedOverlap, Assert.Single(second.Records).Outcome);
        Assert.Equal(T0.AddMinutes(5), second.Progress.Queued);

        _clock.Advance(TimeSpan.FromSeconds(30));
        var run = Tick(schedule, second.Progress, previousUnfinished: false);
        Assert.Equal(T0.AddMinutes(5), run.Submit);
        Assert.Null(run.Progress.Queued);
        Assert.Equal(T0.AddMinutes(5), run.Progress.InFlight);
    }

    [Fact]
    public void Tick_OverlapAllow_SubmitsWithoutAskingAboutThePreviousGoal()
    {
        var schedule = Every(TimeSpan.FromMinutes(5), overlap: OverlapPolicy.Allow);
        _clock.Advance(TimeSpan.FromMinutes(5));
        var progress = new ScheduleProgress(T0, LastGoalId: "g_previous");

        Assert.False(ScheduleMachine.NeedsPreviousStatus(schedule.Calendar, schedule.Definition, progress, _clock.GetUtcNow()));
        Assert.Equal(T0.AddMinutes(5), Tick(schedule, progress, previousUnfinished: true).Submit);
    }

    [Fact]
    public void Tick_CronInATimeZoneAcrossTheSpringGap_FiresAtTheEndOfTheGap()
    {
        var errors = new List<PlanError>();
        var anchor = new DateTimeOffset(2025, 3, 8, 12, 0, 0, TimeSpan.Zero);
        var calendar = ScheduleCalendar.TryCreate("30 2 * * *", null, "America/New_York", anchor, errors)!;
        var definition = new ScheduleDefinition("nightly", "30 2 * * *", null, "America/New_York", Template, OverlapPolicy.Skip, MisfirePolicy.Skip);
        var clock = new FakeTimeProvider(anchor);

        var wake = ScheduleMachine.Tick(calendar, definition, new ScheduleProgress(anchor), clock.GetUtcNow(), false, Threshold, Poll).NextWake!.Value;
        clock.SetUtcNow(wake);
        var step = ScheduleMachine.Tick(calendar, definition, new ScheduleProgress(anchor), clock.GetUtcNow(), false, Threshold, Poll);

        Assert.Equal(new DateTimeOffset(2025, 3, 9, 7, 0, 0, TimeSpan.Zero), step.Submit);
    }

    [Fact]
    public void Tick_SeededRandomRun_NeverSubmitsAFireTimeTwiceNorMovesBackwards()
    {
        for (var seed = 1; seed <= 20; seed++)
        {
            var random = new Random(seed);
            var overlap = (OverlapPolicy)random.Next(3);
            var misfire = (MisfirePolicy)random.Next(2);
            var schedule = Every(TimeSpan.FromSeconds(random.Next(1, 30)), overlap, misfire);
            var clock = new FakeTimeProvider(T0);
            var progress = new ScheduleProgress(T0);
            var submitted = new HashSet<DateTimeOffset>();
            var running = false;
            for (var i = 0; i < 500; i++)
            {
                clock.Advance(TimeSpan.FromMilliseconds(random.Next(0, random.Next(2) == 0 ? 3_000 : 200_000)));
                running = running && random.Next(4) != 0;
                var step = ScheduleMachine.Tick(schedule.Calendar, schedule.Definition, progress, clock.GetUtcNow(), running, Threshold, Poll);
                Assert.True(step.Progress.LastFireTime >= progress.LastFireTime, $"seed {seed}: last fire time moved backwards");
                progress = step.Progress;
                if (step.Submit is { } fire)
                {
                    Assert.True(submitted.Add(fire), $"seed {seed}: {fire:O} submitted twice");
                    Assert.Equal(fire, schedule.Calendar.LatestAtOrBefore(fire));
                    Assert.True(!running || overlap == OverlapPolicy.Allow, $"seed {seed}: submitted over a running goal");

                    // The grain persists the outcome: in flight cleared, the new goal is the previous one now.
                    progress = progress with { InFlight = null, LastGoalId = $"g{i}" };
                    running = true;
                }
            }
        }
    }
}
