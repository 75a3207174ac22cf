using System.ComponentModel;
using System.Text.Json.Nodes;
using PAI.Abstractions.Goals;

namespace PAI.Host.Apis.Models;

/// <summary>A step waiting for a person, as <c>GET /api/approvals</c> lists it: what it will do and where it belongs.</summary>
public sealed record PendingApprovalResponse(
    string GoalId,
    string GoalTitle,
    [property: Description("Who submitted the goal.")] string Owner,
    string StepId,
    [property: Description("The tool the step will call; null for a skill step.")] string? Tool,
    [property: Description("The skill the step will run; null for a tool step.")] string? Skill,
    [property: Description("The agent the step will run as.")] string? Agent,
    [property: Description("The step's input as planned (${...} references are resolved when it runs).")] JsonNode? Input,
    IReadOnlyList<string> DependsOn,
    [property: Description("Since when the step waits.")] DateTimeOffset? RequestedAt)
{
    /// <summary>From a goal and one of its waiting steps.</summary>
    public static PendingApprovalResponse From(GoalView goal, StepView step) => new(
        goal.Id, goal.Title, goal.Owner, step.Id, step.Tool, step.Skill, step.Agent, JsonText.ToNode(step.Input), step.DependsOn, step.ApprovalRequestedAt);
}
