using System.ComponentModel;
using PAI.Abstractions.Goals;

namespace PAI.Host.Apis.Models;

/// <summary>One transition, the data of a <c>goal</c> or <c>step</c> server-sent event.</summary>
public sealed record GoalEventResponse(
    [property: Description("Monotonic per goal; also the event's id.")] long Sequence,
    [property: Description("'goal' or 'step'.")] string Kind,
    [property: Description("The step, for step events.")] string? StepId,
    [property: Description("The new status (a goal or step status name).")] string Status,
    DateTimeOffset At,
    [property: Description("An error message or other short detail.")] string? Detail)
{
    /// <summary>From the grain's event.</summary>
    public static GoalEventResponse From(GoalEvent e) => new(e.Sequence, e.Kind, e.StepId, e.Status, e.At, e.Detail);
}
