using System.ComponentModel;
using System.Text.Json.Nodes;

namespace PAI.Host.Apis.Models;

/// <summary>The body of <c>POST /api/goals</c>.</summary>
public sealed record GoalRequest
{
    /// <summary>Short human title.</summary>
    [Description("Short human title.")]
    public required string Title { get; init; }

    /// <summary>Free text.</summary>
    [Description("Free text.")]
    public string? Description { get; init; }

    /// <summary>A named skill whose step template becomes the plan.</summary>
    [Description("A named skill whose step template becomes the plan (when there is no explicit plan).")]
    public string? Skill { get; init; }

    /// <summary>Goal inputs, referenced as <c>${inputs.x}</c>.</summary>
    [Description("Goal inputs, a JSON object; steps reference them as ${inputs.name}.")]
    public JsonObject? Inputs { get; init; }

    /// <summary>An explicit plan.</summary>
    [Description("An explicit plan: a DAG of steps.")]
    public PlanRequest? Plan { get; init; }

    /// <summary>A cron expression for recurring goals (refused until the engine runs schedules).</summary>
    [Description("A cron expression for recurring goals. Not supported by this version: a goal that names one is refused (422).")]
    public string? Schedule { get; init; }

    /// <summary>Limits on the goal's model work.</summary>
    [Description("Limits on the goal's model work: tokens, turns per agent loop, a deadline.")]
    public BudgetRequest? Budget { get; init; }

    /// <summary>The agent every step runs as unless the step names one.</summary>
    [Description("The agent every step runs as unless the step names one.")]
    public string? Agent { get; init; }
}
