using System.ComponentModel;
using PAI.Abstractions.Models;

namespace PAI.Host.Apis.Models;

/// <summary>What models cost over a time window, summed from the goals created in it (<c>GET /api/usage</c>).</summary>
public sealed record ModelUsageSummaryResponse(
    [property: Description("Whose goals: a principal, or * for every principal (admin and operator keys).")] string Principal,
    [property: Description("Start of the window, inclusive (goals created at or after it).")] DateTimeOffset From,
    [property: Description("End of the window, exclusive.")] DateTimeOffset To,
    [property: Description("All models together.")] UsageResponse Total,
    [property: Description("By model id.")] IReadOnlyDictionary<string, UsageResponse> ByModel,
    [property: Description("By agent: the agents' tool-calling loops (planning and llm.* steps count by model only).")] IReadOnlyDictionary<string, UsageResponse> ByAgent,
    [property: Description("By the goals' owners.")] IReadOnlyDictionary<string, UsageResponse> ByPrincipal,
    [property: Description("Goals created in the window that were read.")] int Goals,
    [property: Description("Of those, the goals that made a model call.")] int GoalsWithUsage,
    [property: Description("The goals that used the most tokens, most first.")] IReadOnlyList<GoalUsageItemResponse> TopGoals,
    [property: Description("True when the window held more goals than one answer reads: the newest were summed, the oldest left out; ask for a shorter window.")] bool Truncated)
{
    /// <summary>The view of a tally.</summary>
    public static ModelUsageSummaryResponse Of(string principal, DateTimeOffset from, DateTimeOffset to, ModelUsageTally tally, bool truncated)
    {
        ArgumentNullException.ThrowIfNull(tally);
        return new(
            principal,
            from,
            to,
            UsageResponse.From(tally.Total),
            View(tally.ByModel),
            View(tally.ByAgent),
            View(tally.ByPrincipal),
            tally.GoalsRead,
            tally.GoalsWithUsage,
            [.. tally.Top.Select(g => GoalUsageItemResponse.From(g.Goal, g.Usage))],
            truncated);
    }

    private static Dictionary<string, UsageResponse> View(IReadOnlyDictionary<string, ModelUsage> usage) =>
        usage.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => UsageResponse.From(kv.Value), StringComparer.Ordinal);
}
