using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PAI.Abstractions.Audit;
using PAI.Abstractions.Steps;
using PAI.Abstractions.Tools;
using PAI.Engine.Agents;
using PAI.Engine.Invocation;
using PAI.Engine.Skills.Publishing;
using PAI.Engine.Templates;
using PAI.Engine.Tools;

namespace PAI.Engine.Skills.Running;

/// <summary>
/// Runs the items of one skill run, one at a time. All progress lives in <see cref="SkillRunState"/> and is saved
/// through the host after every item and every <c>foreach</c> element; a failure is thrown (the runner records it).
/// </summary>
internal sealed partial class SkillPhaseRunner(
    StepWork work,
    SkillRunState run,
    ISkillRunHost host,
    AgentDefinition? persona,
    string agent,
    string workspace,
    string sitesRoot,
    string? sitesUrl,
    IToolRegistry tools,
    IAuditStore audit,
    IAgentRunner? agentRunner,
    ILogger logger)
{
    /// <summary>The key of the item running now (for failure messages).</summary>
    public string CurrentKey { get; private set; } = "";

    /// <summary>Runs the main item at <paramref name="index"/>: a phase, a verify check, or a sub-skill's entry or exit.</summary>
    public async Task RunMainItemAsync(List<SkillRunItem> items, int index, CancellationToken cancellationToken)
    {
        var item = items[index];
        CurrentKey = item.Key;
        var phase = item.Phase;
        var startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        switch (phase.Kind)
        {
            case PhaseKind.EnterSkill:
                var inputs = TemplateEvaluator.ResolveText(phase.With, Roots(item.Scope)) as JsonObject ?? [];
                var problems = item.SubSkill!.ValidateInputs(inputs.ToJsonString());
                if (problems.Count > 0)
                {
                    throw new ToolException($"sub-skill '{item.SubSkill.Name}' inputs: {string.Join("; ", problems)}");
                }

                run.Outputs[item.Key + ".$inputs"] = item.SubSkill.WithDefaults(inputs.ToJsonString());
                break;
            case PhaseKind.ExitSkill:
                run.Outputs[item.Key] = SkillRoots.Phases(run, item.Key + ".").ToJsonString();
                break;
            case PhaseKind.Verify:
                var args = TemplateEvaluator.ResolveText(phase.With, Roots(item.Scope)) as JsonObject ?? [];
                var checks = new SkillChecks(workspace, tools, (tool, input, ct) => InvokeAsync(item, tool, input, item.Key, ct));
                var failure = phase.Check == VerifyKind.Judge && agentRunner is not null
                    ? await JudgeAsync(item, args, cancellationToken)
                    : await checks.CheckAsync(phase, args, cancellationToken);
                if (failure is not null)
                {
                    var retries = run.VerifyRetries.GetValueOrDefault(item.Key);
                    if (phase.RetryFrom is null || retries >= phase.MaxRetries)
                    {
                        throw new ToolException($"verify '{phase.Id}' failed: {failure}");
                    }

                    // Back to an earlier phase: the phases run again from there, each with a fresh retry budget.
                    run.VerifyRetries[item.Key] = retries + 1;
                    run.Index = items.FindIndex(i => i.Key == item.Scope + phase.RetryFrom);
                    run.Item = 0;
                    run.PhaseFailures.Clear();
                    LogVerifyRetry(logger, work.GoalId, work.StepId, item.Key, phase.RetryFrom, failure);
                    await host.SaveAsync();
                    return;
                }

                run.Outputs[item.Key] = "{\"passed\":true}";
                break;
            default:
                await RunCallAsync(item, cancellationToken);
                break;
        }

        if (phase.Kind is not (PhaseKind.EnterSkill or PhaseKind.ExitSkill))
        {
            Took(item.Key, startedAt);
        }

        run.Index = index + 1;
        run.Item = 0;
        await host.SaveAsync();
    }

    /// <summary>Runs one commit item: a publish (audited) or a deferred tool call.</summary>
    public async Task RunCommitItemAsync(SkillRunItem item, CancellationToken cancellationToken)
    {
        CurrentKey = item.Key;
        var startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        if (item.Phase.Kind == PhaseKind.Publish)
        {
            var spec = TemplateEvaluator.ResolveText(item.Phase.With, Roots(item.Scope)) as JsonObject ?? [];
            var target = SkillPublishTarget.Of(spec, workspace, sitesRoot);
            List<string> published;
            if (spec["atomic"] is JsonValue atomic && atomic.TryGetValue<bool>(out var isAtomic) && isAtomic)
            {
                if (!run.PublishIntents.TryGetValue(item.Key, out var stored))
                {
                    // The intent is durable before the rename: a resumed run knows what it was doing.
                    stored = target.Prepare(workspace, SkillRunFolders.Temp(work.StepId), SkillRunFolders.Staging(work.StepId), spec["from"]?.GetValue<string>() ?? "", item.Key).ToJson();
                    run.PublishIntents[item.Key] = stored;
                    await host.SaveAsync();
                }

                var intent = PublishIntent.FromJson(stored);
                FolderPublisher.Apply(intent);
                published = FolderPublisher.Files(intent);
            }
            else
            {
                published = SkillPublisher.Publish(workspace, SkillRunFolders.Staging(work.StepId), spec["from"]?.GetValue<string>() ?? "", target);
            }

            run.Published.AddRange(published.Where(p => !run.Published.Contains(p)));
            await audit.AppendAsync(
                new AuditRecord(AuditKinds.Commit, work.Principal, work.GoalId, $"{work.StepId}/{item.Key}", agent, null, AuditChain.Digest(spec.ToJsonString()), "ok", $"published {string.Join(", ", published)}"),
                CancellationToken.None);
        }
        else
        {
            await RunCallAsync(item, cancellationToken);
        }

        Took(item.Key, startedAt);
        run.Index++;
        run.Item = 0;
        await host.SaveAsync();
    }

    /// <summary>Runs one check of what the commit published; a failure is thrown (the runner withdraws the publishes).</summary>
    public async Task RunPublishedCheckAsync(SkillRunItem item, CancellationToken cancellationToken)
    {
        CurrentKey = item.Key;
        var startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        var args = TemplateEvaluator.ResolveText(item.Phase.With, PublishedRoots(item.Scope)) as JsonObject ?? [];
        var checks = new SkillChecks(workspace, tools, (tool, input, ct) => InvokeAsync(item, tool, input, item.Key, ct));
        if (await checks.CheckAsync(item.Phase, args, cancellationToken) is { } failure)
        {
            throw new ToolException($"verify '{item.Phase.Id}' (after the commit) failed: {failure}");
        }

        run.Outputs[item.Key] = "{\"passed\":true}";
        Took(item.Key, startedAt);
        run.Index++;
        await host.SaveAsync();
    }

    /// <summary>Withdraws every atomic publish of the run (idempotent: a folder no longer published is left alone).</summary>
    public void WithdrawPublishes(Action<string> onError)
    {
        foreach (var (key, stored) in run.PublishIntents.Reverse())
        {
            try
            {
                var intent = PublishIntent.FromJson(stored);
                FolderPublisher.Withdraw(intent);
                run.Published.RemoveAll(p => p.StartsWith(intent.Label + "/", StringComparison.Ordinal));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or System.Text.Json.JsonException)
            {
                onError($"{key}: {ex.Message}");
            }
        }
    }

    /// <summary>Runs one cleanup phase; cleanup is not cancellable.</summary>
    public async Task RunCleanupItemAsync(SkillRunItem item)
    {
        CurrentKey = item.Key;
        await RunCallAsync(item, CancellationToken.None);
    }

    /// <summary>The run's output: the skill's output template, or by default its name, version and published paths.</summary>
    public string BuildOutput(string? template)
    {
        CurrentKey = "output";
        var roots = Roots("");
        roots["published"] = new JsonArray(run.Published.Select(p => (JsonNode)JsonValue.Create(p)).ToArray());
        var output = template is null
            ? new JsonObject { ["skill"] = run.Skill, ["version"] = run.SkillVersion, ["published"] = roots["published"]!.DeepClone() }
            : TemplateEvaluator.ResolveText(template, roots);
        return output?.ToJsonString() ?? "null";
    }

    private async Task RunCallAsync(SkillRunItem item, CancellationToken cancellationToken)
    {
        var phase = item.Phase;
        if (phase.Foreach is null)
        {
            var output = await CallAsync(item, Roots(item.Scope), item.Key, cancellationToken);
            run.Outputs[item.Key] = output?.ToJsonString() ?? "null";
            return;
        }

        if (TemplateEvaluator.Evaluate(phase.Foreach, Roots(item.Scope)) is not JsonArray list)
        {
            throw new ToolException($"foreach '{phase.Foreach}' is not a list");
        }

        var collected = run.Item == 0 || !run.Outputs.TryGetValue(item.Key, out var partial) ? [] : JsonNode.Parse(partial) as JsonArray ?? [];
        for (var i = run.Item; i < list.Count; i++)
        {
            var roots = Roots(item.Scope);
            roots["item"] = list[i]?.DeepClone();
            roots["index"] = i;
            collected.Add(await CallAsync(item, roots, $"{item.Key}/{i}", cancellationToken));
            run.Outputs[item.Key] = collected.ToJsonString();
            run.Item = i + 1;
            await host.SaveAsync();
        }
    }

    /// <summary>Calls the phase's tool (a prompt phase: the model; a GPU phase: <c>gpu.run</c>); throws its failure.</summary>
    private async Task<JsonNode?> CallAsync(SkillRunItem item, JsonObject roots, string key, CancellationToken cancellationToken)
    {
        var phase = item.Phase;
        var input = TemplateEvaluator.ResolveText(phase.With, roots) as JsonObject ?? [];
        var tool = phase.Kind switch
        {
            PhaseKind.Prompt => Require(BuiltInToolNames.LlmChat, $"phase '{phase.Id}' is a model prompt, but no model is configured (no '{BuiltInToolNames.LlmChat}' tool)"),
            PhaseKind.Gpu => Require(BuiltInToolNames.GpuRun, $"phase '{phase.Id}' is a GPU job, but no GPU tool is registered ('{BuiltInToolNames.GpuRun}')"),
            _ => phase.Tool!,
        };
        if (phase.Kind == PhaseKind.Prompt && agentRunner is not null)
        {
            // A prompt phase is the agent's tool-calling loop; its transcript is kept under the phase's key.
            var prompt = TemplateEvaluator.Evaluate(phase.Prompt!, roots);
            var text = prompt is JsonValue v && v.TryGetValue<string>(out var s) ? s : prompt?.ToJsonString() ?? "";
            return await RunAgentAsync(new AgentRunRequest(work, key, agent, text, AgentRunKind.Prompt) { Model = phase.Model }, key, cancellationToken);
        }

        if (phase.Kind == PhaseKind.Prompt)
        {
            input = new JsonObject { ["prompt"] = TemplateEvaluator.Evaluate(phase.Prompt!, roots)?.DeepClone(), ["system"] = persona?.SystemPrompt, ["model"] = phase.Model ?? persona?.Model };
        }

        var result = await InvokeAsync(item, tool, input, key, cancellationToken);
        return result.Succeeded ? result.Output : throw new ToolException(result.Error!);
    }

    /// <summary>A judge check through the agent runner (the judge role's model): passes when the answer starts with PASS.</summary>
    private async Task<string?> JudgeAsync(SkillRunItem item, JsonObject args, CancellationToken cancellationToken)
    {
        var prompt = args["prompt"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : args["prompt"]?.ToJsonString() ?? "";
        var request = new AgentRunRequest(work, item.Key, agent, prompt, AgentRunKind.Judge)
        {
            System = "You are a strict judge. Answer PASS or FAIL, then one sentence why.",
            Model = item.Phase.Model,
        };
        var output = await RunAgentAsync(request, item.Key, cancellationToken);
        var text = output?["text"]?.ToString() ?? "";
        return text.TrimStart().StartsWith("PASS", StringComparison.OrdinalIgnoreCase) ? null : $"the judge said: {text}";
    }

    private async Task<JsonNode?> RunAgentAsync(AgentRunRequest request, string key, CancellationToken cancellationToken)
    {
        var result = await agentRunner!.RunAsync(request, new PhaseAgentHost(host, key), cancellationToken);
        return result.Status switch
        {
            AgentRunStatus.Succeeded => result.Output,
            AgentRunStatus.WaitingForApproval => throw new ApprovalPendingException(result.Error ?? "a model call needs approval"),
            _ => throw new ToolException(result.Error ?? "the agent failed"),
        };
    }

    private string Require(string tool, string message) => tools.TryGet(tool, out _) ? tool : throw new ToolException(message);

    /// <summary>One call through the invoker under the key <c>{goal}/{step}/{key}</c>, with the step's retry policy
    /// (its failures counted in the run's state) and the phase's timeout.</summary>
    private async Task<ToolResult> InvokeAsync(SkillRunItem item, string tool, JsonObject input, string key, CancellationToken cancellationToken)
    {
        var ledger = new PhaseRetryLedger(run, key, host);
        var result = await host.InvokeAsync(
            new ToolInvocation(tool, input, work.GoalId, work.StepId, work.Principal, IdempotencyKeys.ForPhase(work.GoalId, work.StepId, key))
            {
                Agent = agent,
                Timeout = item.Phase.Timeout ?? work.Timeout,
                Retry = work.Retry,
                FirstAttempt = 1 + ledger.FailedAttempts,
                Ledger = ledger,
                Checkpoint = new ScopedCheckpoint(host.Checkpoint, key),
                Approved = true,
            },
            cancellationToken);
        run.PhaseFailures.Remove(key);
        return result;
    }

    private JsonObject Roots(string scope) => SkillRoots.Of(run, work, scope, sitesUrl);

    private void Took(string key, long startedAt) =>
        run.PhaseMillis[key] = run.PhaseMillis.GetValueOrDefault(key) + (long)System.Diagnostics.Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds;

    private JsonObject PublishedRoots(string scope)
    {
        var roots = Roots(scope);
        roots["published"] = new JsonArray(run.Published.Select(p => (JsonNode)JsonValue.Create(p)).ToArray());
        return roots;
    }
}
