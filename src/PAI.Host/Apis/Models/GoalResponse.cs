using System.ComponentModel;
using System.Text.Json.Nodes;
using PAI.Abstractions.Goals;

namespace PAI.Host.Apis.Models;

/// <summary>A goal as <c>GET /api/goals/{id}</c> and the <c>snapshot</c> event show it.</summary>
public sealed record GoalResponse(
    string Id,
    string Title,
    GoalStatus Status,
    [property: Description("The principal (API key owner) who submitted it.")] string Owner,
    [property: Description("The skill named at submit, if any.")] string? Skill,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<StepResponse> Steps,
    [property: Description("When the goal succeeded: an object of the final (sink) steps' outputs by step id.")] JsonNode? Result,
    [property: Description("Why the goal failed, when it did.")] string? Error,
    [property: Description("The plan: its version, its steps as planned, and how each version came about (model, usage, memories used).")] PlanningResponse Planning,
    [property: Description("Model usage of the goal (planning and every step), in all and by model, and its budget.")] GoalUsageResponse Usage)
{
    /// <summary>From the grain's view of the goal.</summary>
    public static GoalResponse From(GoalView g) =>
        new(g.Id, g.Title, g.Status, g.Owner, g.Skill, g.CreatedAt, g.UpdatedAt, g.Steps.Select(StepResponse.From).ToList(), JsonText.ToNode(g.Result), g.Error,
            PlanningResponse.From(g), GoalUsageResponse.From(g));
}
