using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Steps;
using PAI.Engine.Templates;

namespace PAI.Engine.Goals;

/// <summary>
/// Builds what a step run is handed: the step with its <c>${...}</c> references resolved against the goal's inputs and
/// its dependencies' outputs (<see cref="TemplateEvaluator"/>). Never throws for a bad step: anything that goes wrong (a
/// missing value, an index out of range, a template over the evaluator's bounds, an input over
/// <see cref="GoalMachineOptions.MaxStepInputBytes"/>) is the step's error.
/// </summary>
internal sealed class StepWorkBuilder(GoalState state, StepScheduler scheduler, int maxInputBytes)
{
    private JsonNode? _inputs;
    private bool _inputsParsed;

    /// <summary>The work for <paramref name="step"/>, or why there is none.</summary>
    public bool TryBuild(GoalStepState step, out StepWork work, out string error)
    {
        work = null!;
        string input;
        string? task = null;
        try
        {
            input = ResolveInput(step.Spec.With);
            if (step.Spec.Task is { } text)
            {
                task = ResolveText(text);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            error = $"the step's input could not be built: {ex.Message}";
            return false;
        }

        var bytes = Encoding.UTF8.GetByteCount(input);
        if (bytes > maxInputBytes)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"the step's input is {bytes} bytes once its references are resolved; the limit is {maxInputBytes} (Pai:Engine:MaxStepInputBytes)");
            return false;
        }

        error = "";
        var submission = state.Submission!;
        work = new StepWork(
            state.Id,
            step.Spec.Id,
            string.IsNullOrEmpty(step.Spec.Tool) ? null : step.Spec.Tool,
            input,
            step.Spec.Retry ?? RetrySpec.Default,
            step.Spec.Timeout,
            state.Owner,
            step.Spec.Agent ?? submission.Agent,
            step.Spec.Skill,
            task,
            step.Approvals,
            submission.Budget,
            state.CreatedAt);
        return true;
    }

    /// <summary>An agent's task: its <c>${...}</c> references resolved like an input's; a reference to a non-string
    /// value is written as JSON.</summary>
    private string ResolveText(string text)
    {
        if (!TemplateEvaluator.HasTemplate(text))
        {
            return text;
        }

        var resolved = JsonNode.Parse(ResolveInput(new JsonObject { ["task"] = text }.ToJsonString()))?["task"];
        return resolved is JsonValue value && value.TryGetValue<string>(out var s) ? s : resolved?.ToJsonString() ?? "";
    }

    private string ResolveInput(string? with)
    {
        if (with is null)
        {
            return "{}";
        }

        // A literal input (validated as a JSON object at plan time) is handed over as it is.
        if (!TemplateEvaluator.HasTemplate(with))
        {
            return with;
        }

        // The goal's inputs never change, so they are parsed once; Resolve deep-clones what it takes from them.
        if (!_inputsParsed)
        {
            _inputs = state.Submission!.Inputs is { } i ? JsonNode.Parse(i) : null;
            _inputsParsed = true;
        }

        var resolved = TemplateEvaluator.Resolve(
            JsonNode.Parse(with),
            id => scheduler.TryGet(id, out var dependency) && dependency.Output is { } o ? JsonNode.Parse(o) : null,
            _inputs);
        return resolved?.ToJsonString() ?? "{}";
    }
}
