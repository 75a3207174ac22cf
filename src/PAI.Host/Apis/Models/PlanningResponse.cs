using System.ComponentModel;
using System.Text.Json.Nodes;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Models;

namespace PAI.Host.Apis.Models;

/// <summary>A goal's plan: the current version, its steps as planned, and how every version came about.</summary>
public sealed record PlanningResponse(
    [property: Description("The version of the plan the steps follow (0 while the first plan is being made).")] int Version,
    [property: Description("The current plan's steps, as planned (inputs before references are resolved).")] IReadOnlyList<PlannedStepResponse> Steps,
    [property: Description("Every plan version, oldest first.")] IReadOnlyList<PlanVersionResponse> Versions)
{
    /// <summary>From the grain's view.</summary>
    public static PlanningResponse From(GoalView g) => new(
        g.PlanVersion,
        (g.Plan ?? []).Select(PlannedStepResponse.From).ToList(),
        (g.Plans ?? []).Select(PlanVersionResponse.From).ToList());
}

/// <summary>One step as planned.</summary>
public sealed record PlannedStepResponse(
    string Id, string? Tool, string? Skill, string? Task, string? Agent,
    [property: Description("The step's inputs as planned, a JSON object.")] JsonNode? With,
    IReadOnlyList<string> DependsOn, bool Approval)
{
    /// <summary>From the plan's step.</summary>
    public static PlannedStepResponse From(StepSpec s) => new(s.Id, s.Tool, s.Skill, s.Task, s.Agent, JsonText.ToNode(s.With), s.DependsOn, s.Approval);
}

/// <summary>A goal's model usage, in all and by model.</summary>
public sealed record GoalUsageResponse(
    [property: Description("All models together.")] UsageResponse Total,
    [property: Description("By model id.")] IReadOnlyDictionary<string, UsageResponse> ByModel,
    [property: Description("The goal's budget, if it has one.")] BudgetResponse? Budget)
{
    /// <summary>From the grain's view.</summary>
    public static GoalUsageResponse From(GoalView g)
    {
        var byModel = g.UsageByModel ?? new Dictionary<string, ModelUsage>();
        var total = byModel.Values.Aggregate(ModelUsage.None, (sum, u) => sum.Add(u));
        return new(
            UsageResponse.From(total),
            byModel.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => UsageResponse.From(kv.Value), StringComparer.Ordinal),
            g.Budget is { } b ? new BudgetResponse(b.MaxTokens, b.MaxTurns, b.Deadline is { } d ? DurationText.Format(d) : null) : null);
    }
}

/// <summary>A goal's budget as submitted.</summary>
public sealed record BudgetResponse(long? MaxTokens, int? MaxTurns, string? Deadline);
