using PAI.Abstractions.Goals;
using PAI.Abstractions.Storage;

namespace PAI.Host.Apis.Models;

/// <summary>A goal as <c>GET /api/goals</c> lists it.</summary>
public sealed record GoalSummary(string Id, string Title, GoalStatus Status, string Owner, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int StepCount)
{
    /// <summary>From an index row.</summary>
    public static GoalSummary From(GoalIndexEntry e) => new(e.Id, e.Title, e.Status, e.Owner, e.CreatedAt, e.UpdatedAt, e.StepCount);
}
