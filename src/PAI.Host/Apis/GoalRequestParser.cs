using System.Text.Json;
using System.Text.Json.Nodes;
using PAI.Abstractions.Goals;

namespace PAI.Host.Apis;

/// <summary>
/// Turns a goal request body into a <see cref="GoalSubmission"/>, with one readable error per wrong field (JSON shape
/// only: the planner checks meaning).
/// </summary>
public static class GoalRequestParser
{
    /// <summary>Parses the body; on failure returns null and the errors.</summary>
    public static GoalSubmission? Parse(ReadOnlySpan<byte> body, out List<PlanError> errors)
    {
        errors = [];
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            errors.Add(new("$", $"the body is not valid JSON: {ex.Message}"));
            return null;
        }

        if (root is not JsonObject obj)
        {
            errors.Add(new("$", "the body must be a JSON object"));
            return null;
        }

        var title = String(obj, "title", "title", errors, required: true);
        var description = String(obj, "description", "description", errors);
        var skill = String(obj, "skill", "skill", errors);
        var schedule = String(obj, "schedule", "schedule", errors);
        var agent = String(obj, "agent", "agent", errors);
        string? inputs = null;
        if (obj["inputs"] is { } inputsNode)
        {
            if (inputsNode is JsonObject)
            {
                inputs = inputsNode.ToJsonString();
            }
            else
            {
                errors.Add(new("inputs", "inputs must be a JSON object"));
            }
        }

        PlanSpec? plan = null;
        if (obj["plan"] is { } planNode)
        {
            plan = ParsePlan(planNode, errors);
        }

        return errors.Count == 0 ? new GoalSubmission(title!, description, skill, inputs, plan, schedule, agent) : null;
    }

    private static PlanSpec? ParsePlan(JsonNode node, List<PlanError> errors)
    {
        if (node is not JsonObject plan || plan["steps"] is not JsonArray steps)
        {
            errors.Add(new("plan", "plan must be an object with a 'steps' array"));
            return null;
        }

        var specs = new List<StepSpec>(steps.Count);
        for (var i = 0; i < steps.Count; i++)
        {
            var at = $"plan.steps[{i}]";
            if (steps[i] is not JsonObject step)
            {
                errors.Add(new(at, "each step must be a JSON object"));
                continue;
            }

            var id = String(step, "id", $"{at}.id", errors, required: true);
            var tool = String(step, "tool", $"{at}.tool", errors);
            var skill = String(step, "skill", $"{at}.skill", errors);
            var stepAgent = String(step, "agent", $"{at}.agent", errors);
            string? with = null;
            if (step["with"] is { } withNode)
            {
                if (withNode is JsonObject)
                {
                    with = withNode.ToJsonString();
                }
                else
                {
                    errors.Add(new($"{at}.with", "'with' must be a JSON object"));
                }
            }

            var dependsOn = new List<string>();
            if (step["dependsOn"] is { } deps)
            {
                if (deps is JsonArray array && array.All(d => d is JsonValue v && v.GetValueKind() == JsonValueKind.String))
                {
                    dependsOn.AddRange(array.Select(d => d!.GetValue<string>()));
                }
                else
                {
                    errors.Add(new($"{at}.dependsOn", "dependsOn must be an array of step ids"));
                }
            }

            RetrySpec? retry = null;
            if (step["retry"] is { } retryNode)
            {
                retry = ParseRetry(retryNode, $"{at}.retry", errors);
            }

            TimeSpan? timeout = null;
            if (String(step, "timeout", $"{at}.timeout", errors) is { } timeoutText)
            {
                if (DurationParser.TryParse(timeoutText, out var t))
                {
                    timeout = t;
                }
                else
                {
                    errors.Add(new($"{at}.timeout", $"'{timeoutText}' is not a duration (use '00:00:30' or '30s')"));
                }
            }

            var approval = false;
            if (step["approval"] is { } approvalNode)
            {
                if (approvalNode.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                {
                    approval = approvalNode.GetValue<bool>();
                }
                else
                {
                    errors.Add(new($"{at}.approval", "approval must be true or false"));
                }
            }

            specs.Add(new StepSpec(id ?? "", tool, skill, with, dependsOn, retry, timeout, approval, stepAgent));
        }

        return new PlanSpec(specs);
    }

    private static RetrySpec? ParseRetry(JsonNode node, string at, List<PlanError> errors)
    {
        if (node is not JsonObject retry || retry["maxAttempts"] is not JsonValue max || !max.TryGetValue<int>(out var attempts))
        {
            errors.Add(new(at, "retry must be an object with an integer 'maxAttempts'"));
            return null;
        }

        TimeSpan? backoff = null;
        if (String(retry, "backoff", $"{at}.backoff", errors) is { } text)
        {
            if (DurationParser.TryParse(text, out var b))
            {
                backoff = b;
            }
            else
            {
                errors.Add(new($"{at}.backoff", $"'{text}' is not a duration"));
            }
        }

        return new RetrySpec(attempts, backoff);
    }

    private static string? String(JsonObject obj, string name, string at, List<PlanError> errors, bool required = false)
    {
        var node = obj[name];
        if (node is null)
        {
            if (required)
            {
                errors.Add(new(at, $"'{name}' is required"));
            }

            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            return value.GetValue<string>();
        }

        errors.Add(new(at, $"'{name}' must be a string"));
        return null;
    }
}
