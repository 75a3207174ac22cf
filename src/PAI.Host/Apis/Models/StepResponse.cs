using System.ComponentModel;
using System.Text.Json.Nodes;
using PAI.Abstractions.Goals;

namespace PAI.Host.Apis.Models;

/// <summary>A step as <c>GET /api/goals/{id}</c> shows it.</summary>
public sealed record StepResponse(
    string Id,
    [property: Description("The tool the step calls; null for a skill step.")] string? Tool,
    [property: Description("The skill the step runs; null for a tool step.")] string? Skill,
    StepStatus Status,
    [property: Description("Attempts started so far.")] int Attempts,
    IReadOnlyList<string> DependsOn,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    [property: Description("Since when the step waits for a person's decision (while WaitingForApproval).")] DateTimeOffset? ApprovalRequestedAt,
    [property: Description("The step's output, a JSON value; null until it succeeds.")] JsonNode? Output,
    [property: Description("Why the step failed, when it did.")] string? Error,
    [property: Description("The agent the step runs as, if the plan named one.")] string? Agent = null,
    [property: Description("The agent's task, for a task step.")] string? Task = null,
    [property: Description("What a running agent asks a person to approve (a tool call), while WaitingForApproval.")] string? ApprovalRequest = null)
{
    /// <summary>From the grain's view of the step.</summary>
    public static StepResponse From(StepView s) =>
        new(s.Id, s.Tool, s.Skill, s.Status, s.Attempts, s.DependsOn, s.StartedAt, s.FinishedAt, s.ApprovalRequestedAt, JsonText.ToNode(s.Output), s.Error,
            s.Agent, s.Task, s.ApprovalRequest);
}
