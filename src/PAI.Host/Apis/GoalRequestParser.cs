using PAI.Abstractions.Goals;
using PAI.Host.Apis.Json;
using PAI.Host.Apis.Models;

namespace PAI.Host.Apis;

/// <summary>
/// Turns a goal request (already read by <see cref="StrictJsonBody"/>, so its shape is right) into the engine's
/// <see cref="GoalSubmission"/>, with one error per field whose text does not parse (durations). The planner checks
/// meaning (tools, cycles, references).
/// </summary>
public static class GoalRequestParser
{
    /// <summary>Maps the request; on failure returns null and the errors.</summary>
    public static GoalSubmission? Parse(GoalRequest request, out List<FieldError> errors)
    {
        errors = [];

        // Accepted by the record since v1's design, but no part of the engine runs goals on a schedule yet: refusing it
        // beats accepting a goal that silently runs once.
        if (request.Schedule is not null)
        {
            errors.Add(new("schedule", "recurring goals are not supported by this version; the goal would run once"));
        }

        PlanSpec? plan = null;
        if (request.Plan is { } planRequest)
        {
            var steps = new List<StepSpec>(planRequest.Steps.Count);
            for (var i = 0; i < planRequest.Steps.Count; i++)
            {
                steps.Add(ParseStep(planRequest.Steps[i], $"plan.steps[{i}]", errors));
            }

            plan = new PlanSpec(steps);
        }

        PAI.Abstractions.Models.GoalBudget? budget = null;
        if (request.Budget is { } b)
        {
            budget = new PAI.Abstractions.Models.GoalBudget(b.MaxTokens, b.MaxTurns, Duration(b.Deadline, "budget.deadline", errors));
        }

        return errors.Count == 0
            ? new GoalSubmission(request.Title, request.Description, request.Skill, request.Inputs?.ToJsonString(), plan, request.Schedule, request.Agent, budget)
            : null;
    }

    private static StepSpec ParseStep(StepRequest step, string at, List<FieldError> errors)
    {
        RetrySpec? retry = null;
        if (step.Retry is { } r)
        {
            retry = new RetrySpec(r.MaxAttempts, Duration(r.Backoff, $"{at}.retry.backoff", errors));
        }

        return new StepSpec(
            step.Id,
            step.Tool,
            step.Skill,
            step.With?.ToJsonString(),
            step.DependsOn ?? [],
            retry,
            Duration(step.Timeout, $"{at}.timeout", errors),
            step.Approval,
            step.Agent,
            step.Task);
    }

    private static TimeSpan? Duration(string? text, string at, List<FieldError> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (DurationParser.TryParse(text, out var duration))
        {
            return duration;
        }

        var shown = text.Length > 50 ? string.Concat(text.AsSpan(0, 50), "…") : text;
        errors.Add(new(at, $"'{shown}' is not a duration (use '00:00:30' or '30s')"));
        return null;
    }
}
