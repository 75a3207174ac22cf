using PAI.Abstractions.Goals;

namespace PAI.Abstractions.Schedules;

/// <summary>A recurring goal as submitted: when (a cron expression in a time zone, or a fixed interval) and what.</summary>
/// <param name="Name">A person's name for it.</param>
/// <param name="Cron">A cron expression of 5 fields (minute first) or 6 (second first), as Cronos reads it; or null with <paramref name="Every"/>.</param>
/// <param name="Every">A fixed interval in whole seconds, counted from the schedule's creation; or null with <paramref name="Cron"/>.</param>
/// <param name="TimeZone">The IANA time zone the cron expression is read in (UTC by default); daylight-saving changes as Cronos defines them.</param>
/// <param name="Goal">The goal submitted at each fire (its <c>Schedule</c> is null).</param>
/// <param name="Overlap">What a fire does while the previous goal is unfinished.</param>
/// <param name="Misfire">What happens to fire times missed during downtime.</param>
[GenerateSerializer, Immutable]
public sealed record ScheduleDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Cron,
    [property: Id(2)] TimeSpan? Every,
    [property: Id(3)] string TimeZone,
    [property: Id(4)] GoalSubmission Goal,
    [property: Id(5)] OverlapPolicy Overlap,
    [property: Id(6)] MisfirePolicy Misfire);
