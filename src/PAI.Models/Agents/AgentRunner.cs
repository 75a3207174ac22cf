using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Models;
using PAI.Abstractions.Tools;
using PAI.Engine.Agents;
using PAI.Models.Gateway;

namespace PAI.Models.Agents;

/// <summary>
/// Runs a model phase as the agent's tool-calling loop: the model sees the tools the agent may call (as functions),
/// each call goes through the one tool invoker (allow-list, permissions, approval, rate limit, audit) under the key
/// <c>{goal}/{step}/{scope}/turn-{n}/c{i}</c>, and the transcript is saved after every turn and every call, so a
/// restart resumes from the last completed turn and a call made before a crash has its effect once. The model's output
/// streams to the goal's subscribers; budgets end the loop with a clear reason.
/// </summary>
public sealed partial class AgentRunner(
    IModelGateway gateway,
    IAgentCatalog agents,
    IToolRegistry tools,
    IGrainFactory grains,
    IOptions<ModelOptions> options,
    TimeProvider time,
    ILogger<AgentRunner> logger) : IAgentRunner
{
    /// <summary>The longest tool result shown to the model, in characters.</summary>
    public const int MaxResultChars = 16_000;

    /// <inheritdoc />
    public async Task<AgentRunResult> RunAsync(AgentRunRequest request, IAgentRunHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(host);
        if (!agents.TryGet(request.Agent, out var agent))
        {
            return AgentRunResult.Failed($"unknown agent '{request.Agent}'");
        }

        var role = request.Kind == AgentRunKind.Judge ? ModelRole.Judge : ModelRole.Agent;
        var reference = request.Model ?? agent.Model;
        var route = gateway.Route(role, reference);
        if (route is null)
        {
            return AgentRunResult.Failed(gateway.Catalog.Unavailable(role, reference));
        }

        var work = request.Work;
        var transcript = AgentTranscript.Load(host.Checkpoint.Get(AgentTranscript.CheckpointKey))
            ?? new AgentTranscript { StartedAt = time.GetUtcNow(), Model = route.Model };
        var allowed = tools.All.Where(t => agent.Allows(t.Descriptor)).ToList();
        // Every tool has a function name, the offered ones and the rest: a model naming a tool it was not offered gets
        // the invoker's refusal (allow-list, audited), not a silent "no such tool".
        var names = new FunctionNames(tools.All.Select(t => t.Descriptor.Name));
        var run = new Run(request, host, agent, route, transcript, names, allowed, AgentLimits.For(agent, request, options.Value, transcript.StartedAt));
        var slot = new AgentSlot(grains.GetGrain<IAgentGrain>(agent.Name), $"{work.GoalId}/{work.StepId}/{request.Scope}", agent.Concurrency, time);
        await slot.AcquireAsync(cancellationToken);
        var release = true;
        try
        {
            return await LoopAsync(run, slot, cancellationToken);
        }
        catch (Exception) when (host.MustStop)
        {
            // Stopping: the slot expires by itself; the next start resumes from the saved transcript.
            release = false;
            throw;
        }
        finally
        {
            if (release)
            {
                await slot.ReleaseAsync();
            }
        }
    }

    private async Task<AgentRunResult> LoopAsync(Run run, AgentSlot slot, CancellationToken cancellationToken)
    {
        var goal = grains.GetGrain<IGoalGrain>(run.Request.Work.GoalId);
        var budget = await goal.RecordModelUsageAsync(new ModelUsageReport(run.Request.Work.StepId, run.Route.Model, run.Agent.Name, ModelUsage.None));
        var agentTokens = await grains.GetGrain<IAgentGrain>(run.Agent.Name).RecordTokensAsync(0);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var last = run.Transcript.Turns.LastOrDefault();
            if (last is not null && last.Calls.Any(c => c.Result is null))
            {
                if (await CallToolsAsync(run, last, cancellationToken) is { } waiting)
                {
                    return waiting;
                }

                continue;
            }

            if (last is not null && last.Calls.Count == 0)
            {
                return Finished(run, last.Text ?? "");
            }

            if (run.Limits.Check(run.Transcript, time.GetUtcNow(), budget, agentTokens) is { } exhausted)
            {
                LogBudget(logger, run.Request.Work.GoalId, run.Request.Work.StepId, exhausted);
                return AgentRunResult.Failed(exhausted);
            }

            // Each turn renews the run's slot (a lease), so a long conversation keeps it and a dead one frees it.
            await slot.AcquireAsync(cancellationToken);
            ModelUsage usage;
            AgentTurn turn;
            try
            {
                (turn, usage) = await AskAsync(run, goal, cancellationToken);
            }
            catch (ModelCallException ex)
            {
                return AgentRunResult.Failed($"agent '{run.Agent.Name}', turn {run.Transcript.Turns.Count + 1}: {ex.Message}");
            }

            // Usage is counted before the turn is saved: a crash in between re-asks, and that second call is real too.
            budget = await goal.RecordModelUsageAsync(new ModelUsageReport(run.Request.Work.StepId, run.Route.Model, run.Agent.Name, usage));
            agentTokens = await grains.GetGrain<IAgentGrain>(run.Agent.Name).RecordTokensAsync(usage.TotalTokens);
            run.Transcript.Turns.Add(turn);
            run.Transcript.Calls += usage.Calls;
            run.Transcript.InputTokens += usage.InputTokens;
            run.Transcript.OutputTokens += usage.OutputTokens;
            run.Transcript.ModelTime += usage.Duration;
            await SaveAsync(run);
        }
    }

    private async Task<(AgentTurn Turn, ModelUsage Usage)> AskAsync(Run run, IGoalGrain goal, CancellationToken cancellationToken)
    {
        var work = run.Request.Work;
        var usage = ModelUsage.None;
        var context = new ModelCallContext(run.Request.Kind.ToString().ToLowerInvariant(), work.GoalId, run.Agent.Name, work.Principal)
        {
            OnUsage = (_, u) => usage = usage.Add(u),
            StepId = run.Request.Scope == "task" ? work.StepId : $"{work.StepId}/{run.Request.Scope}",
        };
        var chat = gateway.ChatClient(run.Route, context);
        var system = run.Request.System ?? run.Agent.SystemPrompt ?? AgentMessages.DefaultSystem(run.Agent.Name, run.Request.Kind);
        var messages = AgentMessages.Build(system, run.Request.Prompt, run.Transcript);
        var chatOptions = new ChatOptions();
        if (run.Tools.Count > 0)
        {
            chatOptions.Tools = run.Tools
                .Select(t => (AITool)AIFunctionFactory.CreateDeclaration(run.Names.Function(t.Descriptor.Name), t.Descriptor.Description, Schema(t.Descriptor.InputSchema)))
                .ToList();
        }

        var publisher = new OutputPublisher(goal, work.StepId, time);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in chat.GetStreamingResponseAsync(messages, chatOptions, cancellationToken))
        {
            updates.Add(update);
            publisher.Add(update.Text);
        }

        publisher.Flush();
        return (AgentMessages.ToTurn(updates.ToChatResponse(), run.Transcript.Turns.Count + 1, run.Names), usage);
    }

    /// <summary>Makes the turn's calls that have no result yet, saving after each. A call needing approval that no later
    /// approval covers pauses the run (the step waits for a person).</summary>
    private async Task<AgentRunResult?> CallToolsAsync(Run run, AgentTurn turn, CancellationToken cancellationToken)
    {
        var work = run.Request.Work;
        foreach (var call in turn.Calls.Where(c => c.Result is null))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (call.Tool is null || !tools.TryGet(call.Tool, out var tool))
            {
                (call.Result, call.Status) = ($"error: there is no tool '{call.Function}'", "refused");
                await SaveAsync(run);
                continue;
            }

            var approved = false;
            if (tool.Descriptor.Approval && run.Agent.Allows(tool.Descriptor))
            {
                if (run.Transcript.ApprovalsAtRequest is not { } asked || work.Approvals <= asked)
                {
                    run.Transcript.ApprovalsAtRequest = work.Approvals;
                    await SaveAsync(run);
                    var args = call.Arguments.Length > 1_000 ? call.Arguments[..1_000] + "…" : call.Arguments;
                    return new AgentRunResult(AgentRunStatus.WaitingForApproval, null, $"agent '{run.Agent.Name}' asks to call tool '{call.Tool}' with {args}");
                }

                approved = true;
            }

            var input = JsonNode.Parse(call.Arguments) as JsonObject;
            if (input is null)
            {
                (call.Result, call.Status) = ("error: the arguments must be a JSON object", "refused");
            }
            else
            {
                var invocation = new Engine.Invocation.ToolInvocation(
                    call.Tool, input, work.GoalId, work.StepId, work.Principal,
                    Engine.Invocation.IdempotencyKeys.ForFunctionCall(work.GoalId, work.StepId, run.Request.Scope, turn.Number, call.Key))
                {
                    Agent = run.Agent.Name,
                    Approved = approved,
                    Checkpoint = new CallCheckpoint(run.Host.Checkpoint, $"turn-{turn.Number}/{call.Key}"),
                };
                var result = await run.Host.InvokeAsync(invocation, cancellationToken);
                (call.Result, call.Status) = result.Status switch
                {
                    Engine.Invocation.ToolResultStatus.Succeeded => (Cap(result.OutputJson ?? "null"), "ok"),
                    Engine.Invocation.ToolResultStatus.Refused => ("refused: " + result.Error, "refused"),
                    _ => ("error: " + result.Error, "failed"),
                };
            }

            if (approved)
            {
                run.Transcript.ApprovalsAtRequest = null;
            }

            await SaveAsync(run);
        }

        return null;
    }

    private AgentRunResult Finished(Run run, string text)
    {
        var t = run.Transcript;
        var output = new JsonObject
        {
            ["text"] = text,
            ["turns"] = t.Turns.Count,
            ["model"] = t.Model,
            ["usage"] = new JsonObject { ["calls"] = t.Calls, ["inputTokens"] = t.InputTokens, ["outputTokens"] = t.OutputTokens },
        };
        if (run.Request.Kind == AgentRunKind.Judge)
        {
            output["passed"] = text.TrimStart().StartsWith("PASS", StringComparison.OrdinalIgnoreCase);
        }

        return new AgentRunResult(AgentRunStatus.Succeeded, output, null);
    }

    private static Task SaveAsync(Run run) => run.Host.Checkpoint.SetAsync(AgentTranscript.CheckpointKey, run.Transcript.Save(), CancellationToken.None);

    private static JsonElement Schema(string schema)
    {
        try
        {
            return JsonDocument.Parse(schema).RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone();
        }
    }

    private static string Cap(string text) => text.Length <= MaxResultChars ? text : text[..MaxResultChars] + "… (cut)";

    /// <summary>One run's fixed parts.</summary>
    private sealed record Run(
        AgentRunRequest Request, IAgentRunHost Host, AgentDefinition Agent, ModelRoute Route, AgentTranscript Transcript,
        FunctionNames Names, IReadOnlyList<ITool> Tools, AgentLimits Limits);
}
