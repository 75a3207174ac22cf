using PAI.Abstractions.Goals;
using PAI.Abstractions.Models;

namespace PAI.Host.Apis;

/// <summary>
/// Sums goals' model usage (each goal's own record: <see cref="GoalView.UsageByModel"/> and
/// <see cref="GoalView.UsageByAgent"/>) in all, by model, by agent and by owner, and keeps the goals that used the most
/// tokens. Pure: goals are added one at a time, in any order, and the result does not depend on the order.
/// </summary>
public sealed class ModelUsageTally(int top)
{
    private readonly Dictionary<string, ModelUsage> _byModel = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModelUsage> _byAgent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModelUsage> _byPrincipal = new(StringComparer.Ordinal);
    private readonly List<(GoalView Goal, ModelUsage Usage)> _goals = [];

    /// <summary>All goals together.</summary>
    public ModelUsage Total { get; private set; } = ModelUsage.None;

    /// <summary>Goals added.</summary>
    public int GoalsRead { get; private set; }

    /// <summary>Goals added that made at least one model call.</summary>
    public int GoalsWithUsage { get; private set; }

    /// <summary>By model id.</summary>
    public IReadOnlyDictionary<string, ModelUsage> ByModel => _byModel;

    /// <summary>By agent (agents' tool-calling loops; planning and llm.* steps count by model only).</summary>
    public IReadOnlyDictionary<string, ModelUsage> ByAgent => _byAgent;

    /// <summary>By the goals' owners.</summary>
    public IReadOnlyDictionary<string, ModelUsage> ByPrincipal => _byPrincipal;

    /// <summary>The goals that used the most tokens (in and out), most first, then by id; at most <c>top</c>.</summary>
    public IReadOnlyList<(GoalView Goal, ModelUsage Usage)> Top =>
        [.. _goals.OrderByDescending(g => g.Usage.TotalTokens).ThenByDescending(g => g.Usage.Calls).ThenBy(g => g.Goal.Id, StringComparer.Ordinal).Take(top)];

    /// <summary>Adds one goal's usage.</summary>
    public void Add(GoalView goal)
    {
        ArgumentNullException.ThrowIfNull(goal);
        GoalsRead++;
        var usage = ModelUsage.None;
        foreach (var (model, u) in goal.UsageByModel ?? new Dictionary<string, ModelUsage>())
        {
            _byModel[model] = _byModel.TryGetValue(model, out var sum) ? sum.Add(u) : u;
            usage = usage.Add(u);
        }

        foreach (var (agent, u) in goal.UsageByAgent ?? new Dictionary<string, ModelUsage>())
        {
            _byAgent[agent] = _byAgent.TryGetValue(agent, out var sum) ? sum.Add(u) : u;
        }

        if (usage.Calls == 0 && usage.TotalTokens == 0)
        {
            return;
        }

        GoalsWithUsage++;
        Total = Total.Add(usage);
        _byPrincipal[goal.Owner] = _byPrincipal.TryGetValue(goal.Owner, out var owned) ? owned.Add(usage) : usage;
        _goals.Add((goal, usage));
        if (_goals.Count > top * 4)
        {
            // Keep the list short: only the top can ever be shown.
            var kept = Top;
            _goals.Clear();
            _goals.AddRange(kept);
        }
    }
}
