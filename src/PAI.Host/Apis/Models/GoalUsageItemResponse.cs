using PAI.Abstractions.Goals;
using PAI.Abstractions.Models;

namespace PAI.Host.Apis.Models;

/// <summary>One goal's model usage in all, as <c>GET /api/usage</c> lists the goals that used the most.</summary>
public sealed record GoalUsageItemResponse(string Id, string Title, GoalStatus Status, string Owner, DateTimeOffset CreatedAt, UsageResponse Usage)
{
    /// <summary>The view of a goal and its usage.</summary>
    public static GoalUsageItemResponse From(GoalView goal, ModelUsage usage)
    {
        ArgumentNullException.ThrowIfNull(goal);
        return new(goal.Id, goal.Title, goal.Status, goal.Owner, goal.CreatedAt, UsageResponse.From(usage));
    }
}
