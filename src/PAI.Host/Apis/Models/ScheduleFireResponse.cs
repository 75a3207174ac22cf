using System.ComponentModel;
using PAI.Abstractions.Schedules;

namespace PAI.Host.Apis.Models;

/// <summary>One fire of a schedule, as its view lists it.</summary>
public sealed record ScheduleFireResponse(
    DateTimeOffset FireTime,
    [property: Description("submitted, skippedOverlap, skippedMisfire, skippedQuota, queued or refused.")] string Outcome,
    string? GoalId,
    DateTimeOffset At,
    string? Detail)
{
    /// <summary>From the grain's record.</summary>
    public static ScheduleFireResponse From(ScheduleFire fire) =>
        new(fire.FireTime, ScheduleResponse.Camel(fire.Outcome.ToString()), fire.GoalId, fire.At, fire.Detail);
}
