using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Models;
using PAI.Abstractions.Planning;
using PAI.Abstractions.Storage;
using PAI.Abstractions.Tools;
using PAI.Engine.Agents;
using PAI.Engine.Planning;
using PAI.Engine.Skills;
using PAI.Models.Gateway;
using PAI.Models.Json;

namespace PAI.Models.Planning;

/// <summary>
/// Plans one goal (key: goal id) with the planner model: asks, stores the answer, validates it exactly like a submitted
/// plan (<see cref="PlannerGrain.Plan"/>), sends it back with its errors for up to <see cref="ModelOptions.MaxPlanRepairs"/>
/// repairs, and stores the result. Reentrant: the watchdog's repeated requests join the work under way.
/// </summary>
[Reentrant]
public sealed partial class ModelPlannerGrain(
    [PersistentState("planner", StorageNames.Grains)] IPersistentState<ModelPlannerState> state,
    IModelGateway gateway,
    IToolRegistry tools,
    ISkillCatalog skills,
    IAgentCatalog agents,
    IEnumerable<ModelCapabilities> capabilities,
    IEnumerable<IGoalMemoryRecall> recall,
    IOptions<ModelOptions> options,
    TimeProvider time,
    ILogger<ModelPlannerGrain> logger) : Grain, IModelPlannerGrain
{
    private const int MaxFailures = 5;
    private const int MemoriesRecalled = 8;
    private const int FactsRecalled = 12;
    private Task<PlanResult>? _running;
    private int _runningVersion;

    /// <inheritdoc />
    public Task<PlanResult> PlanAsync(ModelPlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (state.State.Version == request.Version && state.State.Result is { } done)
        {
            return Task.FromResult(done);
        }

        if (_running is { IsCompleted: false } && _runningVersion == request.Version)
        {
            return _running;
        }

        _runningVersion = request.Version;
        _running = RunAsync(request);
        return _running;
    }

    private async Task<PlanResult> RunAsync(ModelPlanRequest request)
    {
        var s = state.State;
        if (s.Version != request.Version)
        {
            state.State = s = new ModelPlannerState { Version = request.Version };
        }

        var route = gateway.Route(ModelRole.Planner);
        if (route is null)
        {
            return await FinishAsync(request, null, [new PlanError("plan", gateway.Catalog.Unavailable(ModelRole.Planner, null))]);
        }

        s.Model = route.Model;
        if (s.Memories is null)
        {
            s.Memories = [.. await RecallAsync(request)];
            await state.WriteStateAsync();
        }

        while (true)
        {
            // Resume: an answer stored before a crash is validated now, never asked for again.
            if (s.Answers.Count > s.Errors.Count)
            {
                var answer = s.Answers[^1];
                var (plan, errors) = Validate(request, answer);
                if (plan is not null)
                {
                    return await FinishAsync(request, plan, []);
                }

                s.Errors.Add([.. errors]);
                await state.WriteStateAsync();
                LogInvalidPlan(logger, request.GoalId, s.Answers.Count, errors.Count);
                if (s.Answers.Count > options.Value.MaxPlanRepairs)
                {
                    return await FinishAsync(request, null, errors);
                }
            }

            string text;
            try
            {
                text = await AskAsync(request, route);
            }
            catch (ModelCallException ex) when (ex.Retryable && ++s.Failures < MaxFailures)
            {
                // Left to the goal's watchdog to ask again; the failures so far are counted durably.
                await state.WriteStateAsync();
                throw;
            }
            catch (ModelCallException ex)
            {
                return await FinishAsync(request, null, [new PlanError("plan", $"the planner model could not be asked: {ex.Message}")]);
            }

            s.Failures = 0;
            s.Answers.Add(text);
            await state.WriteStateAsync();
        }
    }

    private async Task<string> AskAsync(ModelPlanRequest request, ModelRoute route)
    {
        var s = state.State;
        var attempts = s.Answers.Select((a, i) => (a, (IReadOnlyList<PlanError>)s.Errors[i])).ToList();
        var messages = PlannerPrompt.Build(request, tools.All, skills.All, agents.All, s.Memories ?? [], attempts, route.StructuredOutput);
        var context = new ModelCallContext("planner", request.GoalId, null, request.Principal)
        {
            OnUsage = (_, usage) => s.Usage = s.Usage.Add(usage),
        };
        var chat = gateway.ChatClient(route, context);
        var chatOptions = new ChatOptions
        {
            ResponseFormat = route.StructuredOutput ? ChatResponseFormat.ForJsonSchema(PlannerPrompt.SchemaElement, "plan", "A PAI plan") : ChatResponseFormat.Json,
            Temperature = 0,
        };
        var response = await chat.GetResponseAsync(messages, chatOptions);
        return response.Text;
    }

    private (PlanSpec? Plan, IReadOnlyList<PlanError> Errors) Validate(ModelPlanRequest request, string answer)
    {
        var parsed = PlanJson.Parse(JsonExtraction.Extract(answer), out var shapeErrors);
        if (parsed is null)
        {
            return (null, shapeErrors);
        }

        // A re-plan's steps come after the kept ones: validated together, so they may depend on them and read their outputs.
        var kept = request.Replan?.Kept.Select(k => k.Spec).ToList() ?? [];
        var keptIds = kept.Select(k => k.Id).ToHashSet(StringComparer.Ordinal);
        var fresh = parsed.Steps.Where(s => !keptIds.Contains(s.Id)).ToList();
        var submission = request.Submission with { Plan = new PlanSpec([.. kept, .. fresh]), Skill = null };
        var result = PlannerGrain.Plan(submission, tools, skills, agents, capabilities.LastOrDefault());
        return result.IsValid
            ? (new PlanSpec(result.Plan!.Steps.Where(s => !keptIds.Contains(s.Id)).ToList()), [])
            : (null, result.Errors);
    }

    private async Task<PlanResult> FinishAsync(ModelPlanRequest request, PlanSpec? plan, IReadOnlyList<PlanError> errors)
    {
        var s = state.State;
        var record = new PlanningRecord(
            request.Version,
            "model",
            s.Model,
            s.Usage,
            s.Answers.Count,
            request.Replan is { } r ? $"step '{r.FailedStep}' failed: {r.Error}" : null,
            s.Memories ?? [],
            time.GetUtcNow());
        s.Result = new PlanResult(plan, errors, Planning: record);
        await state.WriteStateAsync();
        if (plan is not null)
        {
            LogPlanned(logger, request.GoalId, request.Version, plan.Steps.Count, s.Answers.Count);
        }

        return s.Result;
    }

    private async Task<IReadOnlyList<RecalledMemory>> RecallAsync(ModelPlanRequest request)
    {
        if (recall.LastOrDefault() is not { } memories)
        {
            return [];
        }

        try
        {
            var recalled = await memories.RecallAsync(request.Principal, request.Submission, MemoriesRecalled, FactsRecalled, CancellationToken.None);
            return [.. recalled.Where(m => !m.IsFact).Take(MemoriesRecalled), .. recalled.Where(m => m.IsFact).Take(FactsRecalled)];
        }
        catch (Exception ex)
        {
            // Memories help; their absence does not stop a plan.
            LogRecallFailed(logger, ex, request.GoalId);
            return [];
        }
    }
}
