using System.ComponentModel;
using PAI.Abstractions.Goals;

namespace PAI.Host.Apis.Models;

/// <summary>How many goals the caller can see, per status.</summary>
public sealed record GoalCounts(
    [property: Description("Every goal status, with 0 for none.")] IReadOnlyDictionary<GoalStatus, long> ByStatus,
    long Total)
{
    /// <summary>From the index's counts (absent statuses become 0).</summary>
    public static GoalCounts From(IReadOnlyDictionary<GoalStatus, long> counts)
    {
        var all = Enum.GetValues<GoalStatus>().ToDictionary(s => s, s => counts.GetValueOrDefault(s));
        return new GoalCounts(all, all.Values.Sum());
    }
}
