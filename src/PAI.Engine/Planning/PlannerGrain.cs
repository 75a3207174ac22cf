using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Orleans.Concurrency;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Planning;
using PAI.Abstractions.Tools;
using PAI.Engine.Agents;
using PAI.Engine.Invocation;
using PAI.Engine.Skills;
using PAI.Engine.Templates;
using PAI.Engine.Tools;

namespace PAI.Engine.Planning;

/// <summary>
/// Validates explicit plans and expands named skills into their step templates. Stateless: any silo may plan.
/// </summary>
[StatelessWorker]
public sealed partial class PlannerGrain(IToolRegistry tools, ISkillCatalog skills, IAgentCatalog agents, IEnumerable<ModelCapabilities> models) : Grain, IPlannerGrain
{
    private readonly ModelCapabilities _models = models.LastOrDefault() ?? ModelCapabilities.None;

    /// <summary>The longest agent task text.</summary>
    public const int MaxTaskChars = 32_000;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex StepIdPattern();

    /// <inheritdoc />
    public Task<PlanResult> PlanAsync(GoalSubmission submission) => Task.FromResult(Plan(submission, tools, skills, agents, _models));

    /// <summary>The planning logic itself, callable without a grain (tests, the CLI's dry run, the model planner's
    /// validation of what a model wrote: exactly the checks a submitted plan gets).</summary>
    public static PlanResult Plan(GoalSubmission submission, IToolRegistry tools, ISkillCatalog skills, IAgentCatalog? agents = null, ModelCapabilities? models = null)
    {
        ArgumentNullException.ThrowIfNull(submission);
        models ??= ModelCapabilities.None;
        var errors = new List<PlanError>();
        if (string.IsNullOrWhiteSpace(submission.Title))
        {
            errors.Add(new("title", "a goal needs a title"));
        }
        else if (submission.Title.Length > 500)
        {
            errors.Add(new("title", "the title is longer than 500 characters"));
        }

        if (submission.Schedule is not null)
        {
            errors.Add(new("schedule", "recurring goals are not supported by this version; submit the goal without 'schedule'"));
        }

        if (submission.Budget is { } budget)
        {
            if (budget.MaxTokens is <= 0)
            {
                errors.Add(new("budget.maxTokens", "budget.maxTokens must be positive"));
            }

            if (budget.MaxTurns is < 1 or > 10_000)
            {
                errors.Add(new("budget.maxTurns", "budget.maxTurns must be from 1 to 10000"));
            }

            if (budget.Deadline is { } deadline && deadline <= TimeSpan.Zero)
            {
                errors.Add(new("budget.deadline", "budget.deadline must be positive"));
            }
        }

        JsonNode? inputs = null;
        if (submission.Inputs is not null)
        {
            inputs = JsonNode.Parse(submission.Inputs);
            if (inputs is not JsonObject)
            {
                errors.Add(new("inputs", "inputs must be a JSON object"));
            }
        }

        PlanSpec? plan = null;
        string prefix;
        if (submission.Plan is not null && submission.Skill is not null)
        {
            errors.Add(new("plan", "give either 'plan' or 'skill', not both"));
            return new PlanResult(null, errors);
        }
        else if (submission.Plan is not null)
        {
            plan = submission.Plan;
            prefix = "plan.steps";
        }
        else if (submission.Skill is not null)
        {
            if (!skills.TryGet(submission.Skill, out var skill))
            {
                errors.Add(new("skill", $"unknown skill '{submission.Skill}'"));
                return new PlanResult(null, errors);
            }

            foreach (var problem in skill.ValidateInputs(inputs?.ToJsonString() ?? "{}"))
            {
                errors.Add(new("inputs", $"skill '{skill.Name}' {problem}"));
            }

            // A goal naming a skill is a one-step plan running that skill; its inputs pass through as references so
            // that their values are never themselves read as expressions.
            var with = new JsonObject();
            foreach (var (key, _) in inputs as JsonObject ?? [])
            {
                with[key] = $"${{inputs.{key}}}";
            }

            plan = new PlanSpec([new StepSpec(skill.Name.Replace('.', '-'), null, skill.Name, with.ToJsonString(), [], Agent: submission.Agent)]);
            prefix = $"skill({skill.Name})";
        }
        else if (models.FreeFormUnavailable is { } why)
        {
            errors.Add(new("plan", $"a free-form goal (no 'plan', no 'skill') needs a model planner, and {why}; or give a 'plan' or a 'skill'"));
            return new PlanResult(null, errors);
        }
        else if (submission.Agent is { } goalAgent && agents is not null && !agents.TryGet(goalAgent, out _))
        {
            errors.Add(new("agent", $"unknown agent '{goalAgent}'"));
            return new PlanResult(null, errors);
        }
        else
        {
            // Valid so far: the goal is stored Planning and the model planner writes its plan, validated by this method.
            return errors.Count == 0 ? PlanResult.ForModel : new PlanResult(null, errors);
        }

        ValidatePlan(plan, prefix, inputs, tools, skills, models, errors);
        if (errors.Count > 0)
        {
            return new PlanResult(null, errors);
        }

        // Guardrails known at plan time: agents must exist, and steps that call a tool needing approval (directly or in
        // one of their skill's phases) wait for a person's approval.
        var steps = new List<StepSpec>(plan.Steps.Count);
        for (var i = 0; i < plan.Steps.Count; i++)
        {
            var step = plan.Steps[i];
            var agent = step.Agent ?? submission.Agent;
            if (agent is not null && agents is not null && !agents.TryGet(agent, out _))
            {
                errors.Add(new($"{prefix}[{i}].agent", $"unknown agent '{agent}'"));
            }

            // An agent's task asks for approval from inside its loop, call by call (a model decides what it calls).
            var needsApproval = step.Tool is not null
                ? tools.TryGet(step.Tool, out var t) && t.Descriptor.Approval
                : step.Skill is not null && SkillTools(step.Skill, skills, 0).Any(name => tools.TryGet(name, out var st) && st.Descriptor.Approval);
            steps.Add(step with { Agent = agent, Approval = step.Approval || needsApproval });
        }

        return errors.Count == 0 ? new PlanResult(new PlanSpec(steps), []) : new PlanResult(null, errors);
    }

    /// <summary>Every tool a skill's phases (and its sub-skills' phases) call.</summary>
    private static IEnumerable<string> SkillTools(string name, ISkillCatalog skills, int depth)
    {
        if (depth > 5 || !skills.TryGet(name, out var skill))
        {
            yield break;
        }

        foreach (var phase in skill.AllPhases)
        {
            if (phase.Tool is not null)
            {
                yield return phase.Tool;
            }
            else if (phase.Kind == PhaseKind.Skill)
            {
                foreach (var tool in SkillTools(phase.Skill!, skills, depth + 1))
                {
                    yield return tool;
                }
            }
        }
    }

    private static void ValidatePlan(PlanSpec plan, string prefix, JsonNode? inputs, IToolRegistry tools, ISkillCatalog skills, ModelCapabilities models, List<PlanError> errors)
    {
        if (plan.Steps is not { Count: > 0 })
        {
            errors.Add(new(prefix, "a plan needs at least one step"));
            return;
        }

        if (plan.Steps.Count > PlanSpec.MaxSteps)
        {
            errors.Add(new(prefix, $"a plan may hold at most {PlanSpec.MaxSteps} steps; this one has {plan.Steps.Count}"));
            return;
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < plan.Steps.Count; i++)
        {
            var step = plan.Steps[i];
            var at = $"{prefix}[{i}]";
            if (step.Id is null || !StepIdPattern().IsMatch(step.Id))
            {
                errors.Add(new($"{at}.id", $"step id '{step.Id}' must be 1-64 letters, digits, '-' or '_'"));
            }
            else if (!ids.TryAdd(step.Id, i))
            {
                errors.Add(new($"{at}.id", $"duplicate step id '{step.Id}'"));
            }
        }

        for (var i = 0; i < plan.Steps.Count; i++)
        {
            ValidateStep(plan.Steps[i], $"{prefix}[{i}]", ids, inputs, tools, skills, models, errors);
        }

        if (errors.Count == 0)
        {
            ValidateGraph(plan, prefix, errors);
        }
    }

    private static void ValidateStep(StepSpec step, string at, Dictionary<string, int> ids, JsonNode? inputs, IToolRegistry tools, ISkillCatalog skills, ModelCapabilities models, List<PlanError> errors)
    {
        ITool? tool = null;
        if ((step.Tool is null ? 0 : 1) + (step.Skill is null ? 0 : 1) + (step.Task is null ? 0 : 1) != 1)
        {
            errors.Add(new(at, "a step names exactly one of 'tool', 'skill' and 'task'"));
        }
        else if (step.Task is not null)
        {
            if (string.IsNullOrWhiteSpace(step.Task) || step.Task.Length > MaxTaskChars)
            {
                errors.Add(new($"{at}.task", $"a task is 1-{MaxTaskChars} characters"));
            }
            else if (models.AgentsUnavailable is { } why)
            {
                errors.Add(new($"{at}.task", $"a task runs an agent's model, and {why}"));
            }
            else
            {
                foreach (var problem in PlanReferences.Check(new JsonObject { ["task"] = step.Task }, inputs, ids.ContainsKey))
                {
                    errors.Add(new($"{at}.task", problem));
                }
            }
        }
        else if (step.Skill is not null)
        {
            if (!skills.TryGet(step.Skill, out _))
            {
                errors.Add(new($"{at}.skill", $"unknown skill '{step.Skill}'"));
            }
            else
            {
                foreach (var missing in SkillTools(step.Skill, skills, 0).Distinct(StringComparer.Ordinal).Where(name => !tools.TryGet(name, out _) && !BuiltInToolNames.Optional.Contains(name)))
                {
                    errors.Add(new($"{at}.skill", $"skill '{step.Skill}' calls unknown tool '{missing}'"));
                }
            }
        }
        else if (!tools.TryGet(step.Tool!, out tool))
        {
            errors.Add(new($"{at}.tool", $"unknown tool '{step.Tool}'"));
        }

        foreach (var (dep, j) in (step.DependsOn ?? []).Select((d, j) => (d, j)))
        {
            if (!ids.ContainsKey(dep))
            {
                errors.Add(new($"{at}.dependsOn[{j}]", $"step '{step.Id}' depends on '{dep}', which is not a step of this plan"));
            }
            else if (dep == step.Id)
            {
                errors.Add(new($"{at}.dependsOn[{j}]", $"step '{step.Id}' depends on itself"));
            }
        }

        // Polly's own option ranges: a value outside them would make the step's pipeline fail to build.
        if (step.Retry is { } retry)
        {
            if (InvocationLimits.CheckMaxAttempts(retry.MaxAttempts) is { } attempts)
            {
                errors.Add(new($"{at}.retry.maxAttempts", attempts));
            }

            if (retry.Backoff is { } backoff && InvocationLimits.CheckBackoff(backoff) is { } delay)
            {
                errors.Add(new($"{at}.retry.backoff", delay));
            }
        }

        if (step.Timeout is { } timeout && InvocationLimits.CheckTimeout(timeout) is { } badTimeout)
        {
            errors.Add(new($"{at}.timeout", badTimeout));
        }

        JsonObject input;
        try
        {
            input = step.With is null ? [] : JsonNode.Parse(step.With) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            errors.Add(new($"{at}.with", "'with' must be a JSON object"));
            return;
        }

        foreach (var problem in PlanReferences.Check(input, inputs, ids.ContainsKey))
        {
            errors.Add(new($"{at}.with", problem));
        }

        if (tool is not null)
        {
            foreach (var message in tool.Validate(input))
            {
                errors.Add(new($"{at}.with", message));
            }
        }
    }

    private static void ValidateGraph(PlanSpec plan, string prefix, List<PlanError> errors)
    {
        // Kahn's algorithm: whatever is left with unmet dependencies sits on a cycle (or behind one).
        var indegree = plan.Steps.ToDictionary(s => s.Id, s => s.DependsOn?.Distinct(StringComparer.Ordinal).Count() ?? 0, StringComparer.Ordinal);
        var dependants = plan.Steps.ToDictionary(s => s.Id, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var step in plan.Steps)
        {
            foreach (var dep in (step.DependsOn ?? []).Distinct(StringComparer.Ordinal))
            {
                dependants[dep].Add(step.Id);
            }
        }

        var ready = new Queue<string>(indegree.Where(kv => kv.Value == 0).Select(kv => kv.Key));
        var order = new List<string>();
        while (ready.TryDequeue(out var id))
        {
            order.Add(id);
            foreach (var next in dependants[id])
            {
                if (--indegree[next] == 0)
                {
                    ready.Enqueue(next);
                }
            }
        }

        if (order.Count != plan.Steps.Count)
        {
            var stuck = indegree.Where(kv => kv.Value > 0).Select(kv => kv.Key).OrderBy(x => x, StringComparer.Ordinal);
            errors.Add(new(prefix, $"the plan has a dependency cycle through: {string.Join(", ", stuck)}"));
            return;
        }

        // A step may only read outputs of steps that are certain to have finished before it: its ancestors.
        var byId = plan.Steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var ancestors = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var id in order)
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var dep in byId[id].DependsOn ?? [])
            {
                set.Add(dep);
                set.UnionWith(ancestors[dep]);
            }

            ancestors[id] = set;
        }

        for (var i = 0; i < plan.Steps.Count; i++)
        {
            var step = plan.Steps[i];
            var input = step.With is null ? new JsonObject() : JsonNode.Parse(step.With);
            if (step.Task is not null && input is JsonObject withTask)
            {
                withTask["$task"] = step.Task;
            }

            foreach (var (expression, stepId) in PlanReferences.StepReads(input))
            {
                if (!ancestors[step.Id].Contains(stepId))
                {
                    errors.Add(new($"{prefix}[{i}].with", $"'{expression}' reads step '{stepId}', which '{step.Id}' does not depend on"));
                }
            }
        }
    }
}
