using System.ComponentModel;
using System.Globalization;
using PAI.Abstractions.Schedules;

namespace PAI.Host.Apis.Models;

/// <summary>A schedule as the API shows it.</summary>
public sealed record ScheduleResponse(
    string Id,
    string Name,
    [property: Description("The principal whose goals it submits.")] string Owner,
    string? Cron,
    [property: Description("The interval, as [d.]hh:mm:ss; null for a cron schedule.")] string? Every,
    string TimeZone,
    [property: Description("skip, queue or allow.")] string Overlap,
    [property: Description("runLatest or skip.")] string Misfire,
    bool Paused,
    DateTimeOffset CreatedAt,
    [property: Description("The latest fire time decided (submitted, queued or skipped).")] DateTimeOffset? LastFireTime,
    string? LastGoalId,
    DateTimeOffset? QueuedFireTime,
    [property: Description("The next fire times (UTC); empty while paused.")] IReadOnlyList<DateTimeOffset> Next,
    [property: Description("The latest fires, newest first.")] IReadOnlyList<ScheduleFireResponse> Recent,
    [property: Description("The goal submitted at each fire.")] string GoalTitle)
{
    /// <summary>From the grain's view.</summary>
    public static ScheduleResponse From(ScheduleView view) => new(
        view.Id,
        view.Definition.Name,
        view.Owner,
        view.Definition.Cron,
        view.Definition.Every?.ToString("c", CultureInfo.InvariantCulture),
        view.Definition.TimeZone,
        Camel(view.Definition.Overlap.ToString()),
        Camel(view.Definition.Misfire.ToString()),
        view.Paused,
        view.CreatedAt,
        view.LastFireTime,
        view.LastGoalId,
        view.QueuedFireTime,
        view.Next,
        view.Recent.Select(ScheduleFireResponse.From).ToList(),
        view.Definition.Goal.Title);

    /// <summary>An enum name as the API spells it (camelCase).</summary>
    public static string Camel(string name) => string.Concat(char.ToLowerInvariant(name[0]).ToString(), name[1..]);
}
