using System.ComponentModel;

namespace PAI.Host.Apis.Models;

/// <summary>The body of <c>POST /api/schedules</c>.</summary>
public sealed record ScheduleRequest
{
    /// <summary>A person's name for the schedule.</summary>
    [Description("A name for the schedule, 1-100 characters.")]
    public required string Name { get; init; }

    /// <summary>A cron expression.</summary>
    [Description("A cron expression: 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), as Cronos reads it. Give this or 'every'.")]
    public string? Cron { get; init; }

    /// <summary>A fixed interval.</summary>
    [Description("A fixed interval in whole seconds, e.g. '30s', '15m', '1h' or '00:05:00', counted from the schedule's creation. Give this or 'cron'.")]
    public string? Every { get; init; }

    /// <summary>The time zone of the cron expression.</summary>
    [Description("The IANA time zone the cron expression is read in, e.g. 'Europe/Berlin' (default UTC); daylight-saving changes as Cronos defines them.")]
    public string? TimeZone { get; init; }

    /// <summary>The goal to submit at each fire.</summary>
    [Description("The goal submitted at each fire time, as for POST /api/goals (without 'schedule').")]
    public required GoalRequest Goal { get; init; }

    /// <summary>What a fire does while the previous goal is unfinished.</summary>
    [Description("While the previous goal is unfinished: 'skip' (default), 'queue' (run it after; at most one waits) or 'allow'.")]
    public string? Overlap { get; init; }

    /// <summary>What happens to fire times missed during downtime.</summary>
    [Description("Fire times missed during downtime: 'runLatest' (default: the latest runs once) or 'skip'.")]
    public string? Misfire { get; init; }
}
