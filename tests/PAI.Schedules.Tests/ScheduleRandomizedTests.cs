using PAI.Abstractions.Goals;
using PAI.Abstractions.Schedules;
using PAI.Schedules.Calendar;

namespace PAI.Schedules.Tests;

/// <summary>
/// Seeded randomized runs of the pure fire calculation: random cron expressions in time zones with daylight saving
/// (and intervals), random clock jumps (short waits and long downtimes), crashes between "about to submit" and "submitted",
/// and previous goals that are still running. Each seed is reported on failure so that it can be replayed.
/// </summary>
public sealed class ScheduleRandomizedTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Threshold = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);
    private static readonly GoalSubmission Template = new("report", null, "write-note", null, null, null);

    private static readonly string[] Crons =
    [
        "30 2 * * *", "30 1 * * *", "0 * * * *", "*/7 * * * * *", "0 9 * * 1-5", "15,45 0-3 * * *", "0 0 1 * *", "*/5 * * * *", "0 30 2 * * *",
    ];

    private static readonly string[] Zones = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"];

    [Fact]
    public void Calendar_SeededRandomCronsZonesAndInstants_NextAndLatestAgreeAcrossDaylightSaving()
    {
        for (var seed = 1; seed <= 60; seed++)
        {
            var random = new Random(seed);
            var (cron, zone, calendar) = RandomCron(random);
            for (var i = 0; i < 200; i++)
            {
                // Instants spread over two years, so every daylight-saving change of these zones is crossed.
                var t = T0.AddSeconds(random.NextInt64(0, 2L * 366 * 24 * 3600));
                var context = $"seed {seed}: '{cron}' in {zone} at {t:O}";
                var next = calendar.NextAfter(t);
                Assert.True(next is { } n && n > t, context);
                Assert.Equal(next, calendar.LatestAtOrBefore(next!.Value));
                Assert.Equal(TimeSpan.Zero, next.Value.Offset);

                // Latest is due, and nothing fires between it and t.
                var latest = calendar.LatestAtOrBefore(t);
                Assert.True(latest is { } l && l <= t, context);
                Assert.True(calendar.NextAfter(latest!.Value) > t, $"{context}: a fire time between {latest:O} and t");

                var upcoming = calendar.Upcoming(t, 4);
                Assert.Equal(4, upcoming.Count);
                Assert.True(upcoming.Zip(upcoming.Skip(1)).All(p => p.First < p.Second), $"{context}: upcoming not strictly increasing");
            }
        }
    }

    [Fact]
    public void Machine_SeededRandomRunsWithCrashesAndDowntime_EveryFireTimeAccountedForAndNoneSubmittedTwice()
    {
        for (var seed = 1; seed <= 60; seed++)
        {
            var random = new Random(seed);
            var overlap = (OverlapPolicy)random.Next(3);
            var misfire = (MisfirePolicy)random.Next(2);
            ScheduleCalendar calendar;
            string label;
            if (random.Next(3) == 0)
            {
                var every = TimeSpan.FromSeconds(random.Next(1, 120));
                calendar = ScheduleCalendar.TryCreate(null, every, null, T0, [])!;
                label = $"every {every}";
            }
            else
            {
                var (cron, zone, c) = RandomCron(random);
                calendar = c;
                label = $"'{cron}' in {zone}";
            }

            var definition = new ScheduleDefinition("random", null, null, "UTC", Template, overlap, misfire);
            Run(seed, $"seed {seed}: {label}, overlap {overlap}, misfire {misfire}", random, calendar, definition);
        }
    }

    private static void Run(int seed, string context, Random random, ScheduleCalendar calendar, ScheduleDefinition definition)
    {
        var period = calendar.NextAfter(calendar.NextAfter(T0)!.Value)!.Value - calendar.NextAfter(T0)!.Value;
        var now = T0;
        var progress = new ScheduleProgress(T0);
        var submitted = new HashSet<DateTimeOffset>();
        var accounted = new HashSet<DateTimeOffset>();
        var ranges = new List<(DateTimeOffset From, DateTimeOffset To)>();
        var queuedEver = new HashSet<DateTimeOffset>();
        var running = false;
        var wake = T0;
        for (var i = 0; i < 400; i++)
        {
            // Mostly the timer: woken at the next wake-up, up to 1.5 s late (a busy silo); sometimes a reminder tick a
            // moment early or late; sometimes a downtime of up to forty periods.
            now = random.Next(10) switch
            {
                0 => now + period * random.Next(2, 40),
                1 => now + TimeSpan.FromMilliseconds(random.Next(1, 90_000)),
                _ => (wake > now ? wake : now) + TimeSpan.FromMilliseconds(random.Next(0, 1_500)),
            };
            running = running && random.Next(3) != 0;

            // As the grain does: decide, persist, act, until nothing is to be submitted now.
            for (var round = 0; round < 32; round++)
            {
                var unfinished = running && ScheduleMachine.NeedsPreviousStatus(calendar, definition, progress, now);
                var wasInFlight = progress.InFlight;
                var step = ScheduleMachine.Tick(calendar, definition, progress, now, unfinished, Threshold, Poll);
                Assert.True(step.Progress.LastFireTime >= progress.LastFireTime, $"{context}: last fire time moved backwards");
                Account(context, calendar, definition, progress, step, now, accounted, ranges, queuedEver);
                progress = step.Progress;
                if (step.Submit is not { } fire)
                {
                    if (step.NextWake <= now)
                    {
                        // More fire times are due: decide again at once (after 32 rounds the grain re-arms at once).
                        wake = now;
                        continue;
                    }

                    wake = step.NextWake ?? now + period;
                    break;
                }

                Assert.Equal(fire, calendar.LatestAtOrBefore(fire));
                if (wasInFlight is { } retried)
                {
                    // After a crash the same fire is submitted again (same goal id: the goal grain answers Duplicate).
                    Assert.Equal(retried, fire);
                }
                else
                {
                    Assert.True(submitted.Add(fire), $"{context}: {fire:O} submitted twice");
                    Assert.True(!unfinished || definition.Overlap == OverlapPolicy.Allow, $"{context}: {fire:O} submitted over a running goal");
                }

                if (random.Next(5) == 0)
                {
                    // Crash after the intent was persisted, before the outcome was: the progress keeps the fire in flight;
                    // the restarted silo wakes the schedule at once.
                    wake = now;
                    break;
                }

                progress = progress with { InFlight = null, LastGoalId = ScheduleGoalIds.GoalIdOf("s_0", fire) };
                running = true;
            }
        }

        // No silent miss: every fire time up to the last decided one was submitted, recorded as skipped, or covered by a
        // recorded range of missed ones; a queued one was submitted later or is still queued.
        var missing = new List<DateTimeOffset>();
        for (var t = calendar.NextAfter(T0); t is { } at && at <= progress.LastFireTime; t = calendar.NextAfter(at))
        {
            var pending = at == progress.Queued || at == progress.InFlight;
            if (!pending && !submitted.Contains(at) && !accounted.Contains(at) && !ranges.Any(r => at >= r.From && at < r.To))
            {
                missing.Add(at);
            }
        }

        Assert.True(missing.Count == 0, $"{context}: fire times neither submitted nor recorded: {string.Join(", ", missing.Take(5).Select(m => m.ToString("O")))}");
        Assert.All(queuedEver, q => Assert.True(submitted.Contains(q) || progress.Queued == q || progress.InFlight == q, $"{context}: queued {q:O} never ran"));
        Assert.True(submitted.Count > 0, $"seed {seed}: nothing was ever submitted");
    }

    /// <summary>Checks what one step recorded and notes which fire times it accounted for.</summary>
    private static void Account(
        string context,
        ScheduleCalendar calendar,
        ScheduleDefinition definition,
        ScheduleProgress before,
        ScheduleStep step,
        DateTimeOffset now,
        HashSet<DateTimeOffset> accounted,
        List<(DateTimeOffset From, DateTimeOffset To)> ranges,
        HashSet<DateTimeOffset> queuedEver)
    {
        var latest = step.Progress.LastFireTime;
        foreach (var record in step.Records)
        {
            Assert.Equal(record.FireTime, calendar.LatestAtOrBefore(record.FireTime));
            if (record.Outcome == ScheduleFireOutcome.SkippedMisfire && record.FireTime < latest)
            {
                Assert.True(now - latest > Threshold, $"{context}: range up to {latest:O} skipped as missed at {now:O}, within the threshold");
                // The range of fire times missed before the latest due one.
                Assert.Equal(calendar.NextAfter(before.LastFireTime), record.FireTime);
                ranges.Add((record.FireTime, latest));
                continue;
            }

            Assert.Equal(latest, record.FireTime);
            if (record.Outcome == ScheduleFireOutcome.SkippedMisfire)
            {
                // Missed means more than the threshold old; under runLatest only when an on-time fire time follows.
                Assert.True(now - record.FireTime > Threshold, $"{context}: {record.FireTime:O} skipped as missed at {now:O}, within the threshold");
                Assert.False(
                    definition.Misfire == MisfirePolicy.RunLatest && !(calendar.NextAfter(record.FireTime) <= now),
                    $"{context}: the latest fire time {latest:O} was skipped as missed under runLatest");
            }
            if (record.Outcome == ScheduleFireOutcome.Queued)
            {
                queuedEver.Add(record.FireTime);
            }
            else
            {
                accounted.Add(record.FireTime);
            }
        }

        if (latest > before.LastFireTime)
        {
            // The latest due fire time was decided in this step: submitted, queued or recorded as skipped.
            Assert.True(
                step.Submit == latest || step.Records.Any(r => r.FireTime == latest),
                $"{context}: {latest:O} became the last fire time without a decision");
        }
    }

    private static (string Cron, string Zone, ScheduleCalendar Calendar) RandomCron(Random random)
    {
        var cron = Crons[random.Next(Crons.Length)];
        var zone = Zones[random.Next(Zones.Length)];
        var errors = new List<PlanError>();
        var calendar = ScheduleCalendar.TryCreate(cron, null, zone, T0, errors);
        Assert.True(calendar is not null, string.Join("; ", errors.Select(e => e.Message)));
        return (cron, zone, calendar);
    }
}
