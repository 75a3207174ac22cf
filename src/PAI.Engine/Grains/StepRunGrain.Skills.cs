using System.Text.Json;
using System.Text.Json.Nodes;
using PAI.Abstractions.Audit;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Steps;
using PAI.Abstractions.Tools;
using PAI.Engine.Agents;
using PAI.Engine.Guardrails;
using PAI.Engine.Skills;
using PAI.Engine.Templates;
using PAI.Engine.Tools;
using Polly.Timeout;

namespace PAI.Engine.Grains;

/// <summary>
/// The skill run: a persisted state machine over the skill's phases. Every phase (and every <c>foreach</c> element)
/// is written to state when it finishes, so a crash resumes at the phase it was in, with the same idempotency key
/// <c>{goal}/{step}/{phase}[/{i}]</c>. Files meant to leave the run are written under <c>${run.staging}</c> and only
/// moved into place by the commit, after every verify check passed; cleanup always runs and removes the run's temp
/// folder (<c>.runs/{step}</c> in the workspace).
/// </summary>
public sealed partial class StepRunGrain
{
    private const string TempRoot = ".runs";

    private async Task<StepOutcome> RunSkillAsync(StepWork work, CancellationToken cancellationToken)
    {
        StepOutcome Outcome(StepStatus status, string? output, string? error) =>
            new(work.StepId, status, State.Attempts, State.StartedAt ?? _time.GetUtcNow(), _time.GetUtcNow(), output, error);

        if (State.Skill is null)
        {
            var started = StartSkillRun(work, out var refusal);
            if (started is null)
            {
                return Outcome(StepStatus.Failed, null, refusal);
            }

            State.Skill = started;
            await _writer.WriteAsync();
        }

        var run = State.Skill;
        SkillRunPlan plan;
        try
        {
            plan = SkillRunPlan.Expand(
                SkillLoader.Parse(run.Sources[run.Skill], $"run:{run.Skill}@{run.Version}"),
                name => run.Sources.TryGetValue(name, out var text) ? SkillLoader.Parse(text, $"run:{name}") : null);
        }
        catch (FormatException ex)
        {
            return Outcome(StepStatus.Failed, null, ex.Message);
        }

        var agent = work.Agent ?? SkillLoader.Parse(run.Sources[run.Skill], run.Skill).Agent ?? AgentDefinition.DefaultName;
        var workspace = _options.WorkspaceOf(work.GoalId);
        var runner = new SkillRun(this, work, run, agent, workspace);

        if (run.Stage is SkillStage.Main or SkillStage.Commit)
        {
            try
            {
                while (run.Stage == SkillStage.Main && run.Index < plan.Main.Count)
                {
                    await runner.RunMainItemAsync(plan.Main, run.Index, cancellationToken);
                }

                if (run.Stage == SkillStage.Main)
                {
                    run.Stage = SkillStage.Commit;
                    run.Index = 0;
                    run.Item = 0;
                    await _writer.WriteAsync();
                }

                while (run.Index < plan.Commit.Count)
                {
                    await runner.RunCommitItemAsync(plan.Commit[run.Index], cancellationToken);
                }

                run.Output = runner.BuildOutput(SkillLoader.Parse(run.Sources[run.Skill], run.Skill).Output);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !_deactivating)
            {
                run.Failure = "cancelled";
                run.FailureStatus = StepStatus.Cancelled;
            }
            catch (Exception ex) when (ex is ToolException or TimeoutRejectedException or JsonException or IOException or HttpRequestException or InvalidOperationException or UnauthorizedAccessException)
            {
                run.Failure = ex is TimeoutRejectedException ? $"phase '{runner.CurrentKey}' timed out" : $"phase '{runner.CurrentKey}': {ex.Message}";
                run.FailureStatus = StepStatus.Failed;
            }

            run.Stage = SkillStage.Cleanup;
            run.Index = 0;
            run.Item = 0;
            await _writer.WriteAsync();
        }

        if (run.Stage == SkillStage.Cleanup)
        {
            // Cleanup is not cancellable: it runs after a cancel too, each phase under its own timeout.
            while (run.Index < plan.Cleanup.Count)
            {
                try
                {
                    await runner.RunCleanupItemAsync(plan.Cleanup[run.Index]);
                }
                catch (Exception ex) when (ex is ToolException or TimeoutRejectedException or IOException or InvalidOperationException or UnauthorizedAccessException or HttpRequestException)
                {
                    LogCleanupFailed(_logger, work.GoalId, work.StepId, plan.Cleanup[run.Index].Key, ex.Message);
                }

                run.Index++;
                await _writer.WriteAsync();
            }

            DeleteTemp(workspace, work.StepId);
            run.Stage = SkillStage.Done;
            await _writer.WriteAsync();
        }

        return run.Failure is null
            ? Outcome(StepStatus.Succeeded, run.Output, null)
            : Outcome(run.FailureStatus, null, run.Failure);
    }

    /// <summary>Pins the skill's version (its text and its sub-skills' texts) and checks the inputs.</summary>
    private SkillRunState? StartSkillRun(StepWork work, out string? error)
    {
        error = null;
        if (!_skills.TryGet(work.Skill!, out var skill))
        {
            error = $"unknown skill '{work.Skill}'";
            return null;
        }

        var sources = new Dictionary<string, string>(StringComparer.Ordinal) { [skill.Name] = skill.Text };
        var pending = new Queue<SkillDefinition>([skill]);
        while (pending.TryDequeue(out var next))
        {
            foreach (var name in SkillRunPlan.SubSkills(next))
            {
                if (sources.ContainsKey(name))
                {
                    continue;
                }

                if (!_skills.TryGet(name, out var sub))
                {
                    error = $"skill '{next.Name}' uses unknown sub-skill '{name}'";
                    return null;
                }

                sources[name] = sub.Text;
                pending.Enqueue(sub);
            }
        }

        var problems = skill.ValidateInputs(work.Input);
        if (problems.Count > 0)
        {
            error = $"skill '{skill.Name}' inputs: {string.Join("; ", problems)}";
            return null;
        }

        return new SkillRunState { Skill = skill.Name, Version = skill.Version, Sources = sources, Inputs = skill.WithDefaults(work.Input) };
    }

    private void DeleteTemp(string workspace, string stepId)
    {
        var temp = Path.Combine(workspace, TempRoot, stepId);
        for (var attempt = 0; attempt < 3 && Directory.Exists(temp); attempt++)
        {
            try
            {
                Directory.Delete(temp, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogCleanupFailed(_logger, State.Work?.GoalId ?? "", stepId, "temp", ex.Message);
            }
        }

        var root = Path.Combine(workspace, TempRoot);
        if (Directory.Exists(root) && !Directory.EnumerateFileSystemEntries(root).Any())
        {
            try
            {
                Directory.Delete(root);
            }
            catch (IOException)
            {
                // Another run created its folder meanwhile.
            }
        }
    }

    /// <summary>Calls one tool as a phase: agent allow-list, rate limit, audit (through the guard), retry and timeout.</summary>
    private async Task<JsonNode?> CallPhaseToolAsync(StepWork work, string agent, string toolName, JsonObject input, string key, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (!_tools.TryGet(toolName, out var tool))
        {
            throw new ToolException($"unknown tool '{toolName}'");
        }

        var pipeline = BuildPipeline(work, timeout ?? work.Timeout ?? tool.Descriptor.DefaultTimeout, perPhase: true);
        var workspace = _options.WorkspaceOf(work.GoalId);
        var attempt = 0;
        // Polly resumes on the thread pool after a retry delay; each attempt goes back onto the activation.
        return await pipeline.ExecuteAsync(
            ct => new ValueTask<JsonNode?>(OnActivationAsync(() =>
            {
                attempt++;
                var context = new ToolContext(work.GoalId, work.StepId, attempt, $"{IStepRunGrain.KeyOf(work.GoalId, work.StepId)}/{key}", (JsonObject)input.DeepClone(), workspace, work.Principal, new ScopedCheckpoint(this, key));
                return _guard.CallAsync(new ToolCall(tool, context, agent), ct);
            })),
            cancellationToken);
    }

    /// <summary>The step's checkpoint with keys prefixed by the phase, so two <c>wait</c> phases keep two deadlines.</summary>
    private sealed class ScopedCheckpoint(IStepCheckpoint inner, string scope) : IStepCheckpoint
    {
        public string? Get(string key) => inner.Get(scope + ":" + key);

        public Task SetAsync(string key, string value, CancellationToken cancellationToken) => inner.SetAsync(scope + ":" + key, value, cancellationToken);
    }

    /// <summary>Executes items of one run; all progress lives in <see cref="SkillRunState"/>.</summary>
    private sealed class SkillRun(StepRunGrain grain, StepWork work, SkillRunState run, string agent, string workspace)
    {
        private string Temp => $"{TempRoot}/{work.StepId}";

        private string Staging => $"{Temp}/staging";

        public string CurrentKey { get; private set; } = "";

        public async Task RunMainItemAsync(List<SkillRunItem> items, int index, CancellationToken cancellationToken)
        {
            var item = items[index];
            CurrentKey = item.Key;
            var phase = item.Phase;
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
                    run.Outputs[item.Key] = Phases(item.Key + ".").ToJsonString();
                    break;
                case PhaseKind.Verify:
                    var failure = await CheckAsync(item, cancellationToken);
                    if (failure is not null)
                    {
                        var retries = run.VerifyRetries.GetValueOrDefault(item.Key);
                        if (phase.RetryFrom is not null && retries < phase.MaxRetries)
                        {
                            run.VerifyRetries[item.Key] = retries + 1;
                            run.Index = items.FindIndex(i => i.Key == item.Scope + phase.RetryFrom);
                            run.Item = 0;
                            LogVerifyRetry(grain._logger, work.GoalId, work.StepId, item.Key, phase.RetryFrom, failure);
                            await grain._writer.WriteAsync();
                            return;
                        }

                        throw new ToolException($"verify '{phase.Id}' failed: {failure}");
                    }

                    run.Outputs[item.Key] = "{\"passed\":true}";
                    break;
                default:
                    await RunCallAsync(item, cancellationToken);
                    break;
            }

            run.Index = index + 1;
            run.Item = 0;
            await grain._writer.WriteAsync();
        }

        public async Task RunCommitItemAsync(SkillRunItem item, CancellationToken cancellationToken)
        {
            CurrentKey = item.Key;
            if (item.Phase.Kind == PhaseKind.Publish)
            {
                var spec = TemplateEvaluator.ResolveText(item.Phase.With, Roots(item.Scope)) as JsonObject ?? [];
                var published = Publish(spec["from"]?.GetValue<string>() ?? "", spec["to"]?.GetValue<string>() ?? "");
                run.Published.AddRange(published.Where(p => !run.Published.Contains(p)));
                await grain._audit.AppendAsync(new AuditRecord(AuditKinds.Commit, work.Principal, work.GoalId, $"{work.StepId}/{item.Key}", agent, null, AuditChain.Digest(spec.ToJsonString()), "ok", $"published {string.Join(", ", published)}"), CancellationToken.None);
            }
            else
            {
                await RunCallAsync(item, cancellationToken);
            }

            run.Index++;
            run.Item = 0;
            await grain._writer.WriteAsync();
        }

        public async Task RunCleanupItemAsync(SkillRunItem item)
        {
            CurrentKey = item.Key;
            await RunCallAsync(item, CancellationToken.None);
        }

        public string BuildOutput(string? template)
        {
            var roots = Roots("");
            roots["published"] = new JsonArray(run.Published.Select(p => (JsonNode)JsonValue.Create(p)).ToArray());
            var output = template is null
                ? new JsonObject { ["skill"] = run.Skill, ["version"] = run.Version, ["published"] = roots["published"]!.DeepClone() }
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
                await grain._writer.WriteAsync();
            }
        }

        private async Task<JsonNode?> CallAsync(SkillRunItem item, JsonObject roots, string key, CancellationToken cancellationToken)
        {
            var phase = item.Phase;
            var input = TemplateEvaluator.ResolveText(phase.With, roots) as JsonObject ?? [];
            string tool;
            switch (phase.Kind)
            {
                case PhaseKind.Prompt:
                    tool = "llm.chat";
                    if (!grain._tools.TryGet(tool, out _))
                    {
                        throw new ToolException($"phase '{phase.Id}' is a model prompt, but no model is configured (no 'llm.chat' tool)");
                    }

                    grain._agents.TryGet(agent, out var persona);
                    input = new JsonObject { ["prompt"] = TemplateEvaluator.Evaluate(phase.Prompt!, roots)?.DeepClone(), ["system"] = persona?.SystemPrompt, ["model"] = persona?.Model };
                    break;
                case PhaseKind.Gpu:
                    tool = "gpu.run";
                    if (!grain._tools.TryGet(tool, out _))
                    {
                        throw new ToolException($"phase '{phase.Id}' is a GPU job, but no GPU tool is registered ('gpu.run')");
                    }

                    break;
                default:
                    tool = phase.Tool!;
                    break;
            }

            return await grain.CallPhaseToolAsync(work, agent, tool, input, key, phase.Timeout, cancellationToken);
        }

        /// <summary>Runs a check; null when it passes, else why not.</summary>
        private async Task<string?> CheckAsync(SkillRunItem item, CancellationToken cancellationToken)
        {
            var phase = item.Phase;
            var args = TemplateEvaluator.ResolveText(phase.With, Roots(item.Scope)) as JsonObject ?? [];
            switch (phase.Check)
            {
                case VerifyKind.FileExists:
                    var path = args["path"]?.GetValue<string>() ?? "";
                    var full = WorkspacePath.Resolve(workspace, path);
                    return File.Exists(full) && new FileInfo(full).Length > 0 ? null : $"file '{path}' is missing or empty";
                case VerifyKind.HttpStatus:
                    var expected = args["status"]?.ToJsonString() ?? "200";
                    try
                    {
                        var response = await grain.CallPhaseToolAsync(work, agent, HttpRequestTool.Name, new JsonObject { ["method"] = args["method"]?.DeepClone() ?? "GET", ["url"] = args["url"]?.DeepClone() }, item.Key, phase.Timeout, cancellationToken);
                        var status = response?["status"]?.ToJsonString();
                        return status == expected ? null : $"{args["url"]} answered {status}, expected {expected}";
                    }
                    catch (ToolException ex)
                    {
                        return ex.Message;
                    }

                case VerifyKind.JsonPath:
                    var actual = TemplateEvaluator.Select(args["value"], args["path"]?.GetValue<string>() ?? "");
                    var wanted = args["equals"];
                    return (actual?.ToJsonString() ?? "null") == (wanted?.ToJsonString() ?? "null")
                        ? null
                        : $"{args["path"]} is {actual?.ToJsonString() ?? "missing"}, expected {wanted?.ToJsonString() ?? "null"}";
                case VerifyKind.Count:
                    var value = args["value"];
                    int? count = value switch { JsonArray a => a.Count, JsonObject o => o.Count, _ => null };
                    if (count is null)
                    {
                        return "count: the value is not a list";
                    }

                    var min = args["min"]?.GetValue<long>();
                    var max = args["max"]?.GetValue<long>();
                    var exact = args["equals"]?.GetValue<long>();
                    return (min is null || count >= min) && (max is null || count <= max) && (exact is null || count == exact)
                        ? null
                        : $"count is {count}, expected {(exact is not null ? $"{exact}" : $"{min?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "0"}..{max?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "any"}")}";
                case VerifyKind.Judge:
                    if (!grain._tools.TryGet("llm.chat", out _))
                    {
                        return "judge checks need a model, and no model is configured (no 'llm.chat' tool)";
                    }

                    var verdict = await grain.CallPhaseToolAsync(work, agent, "llm.chat", new JsonObject { ["prompt"] = args["prompt"]?.DeepClone(), ["system"] = "Answer PASS or FAIL, then one sentence why." }, item.Key, phase.Timeout, cancellationToken);
                    var text = verdict is JsonObject o2 && o2["text"] is { } t ? t.ToString() : verdict?.ToString() ?? "";
                    return text.TrimStart().StartsWith("PASS", StringComparison.OrdinalIgnoreCase) ? null : $"the judge said: {text}";
                default:
                    try
                    {
                        await grain.CallPhaseToolAsync(work, agent, phase.Tool!, args, item.Key, phase.Timeout, cancellationToken);
                        return null;
                    }
                    catch (ToolException ex)
                    {
                        return ex.Message;
                    }
            }
        }

        /// <summary>Moves staged files into the workspace. Each move is an atomic rename; after a crash a file already
        /// moved is recognised (gone from staging, present at the target) and counted as published.</summary>
        private List<string> Publish(string from, string to)
        {
            var source = WorkspacePath.Resolve(workspace, $"{Staging}/{from}");
            var target = WorkspacePath.Resolve(workspace, to);
            var root = WorkspacePath.RealWorkspace(workspace);
            var published = new List<string>();
            if (File.Exists(source))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(source, target, overwrite: true);
                published.Add(WorkspacePath.ToRelative(root, target));
            }
            else if (Directory.Exists(source))
            {
                foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList())
                {
                    var destination = Path.Combine(target, Path.GetRelativePath(source, file));
                    Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                    File.Move(file, destination, overwrite: true);
                    published.Add(WorkspacePath.ToRelative(root, destination));
                }

                if (published.Count == 0 && Directory.Exists(target))
                {
                    published.AddRange(Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories).Select(f => WorkspacePath.ToRelative(root, f)));
                }
            }
            else if (File.Exists(target))
            {
                published.Add(WorkspacePath.ToRelative(root, target));
            }
            else
            {
                throw new ToolException($"nothing staged at '{from}' (write it under ${{run.staging}}/{from})");
            }

            return published;
        }

        /// <summary>The values expressions may name within a scope.</summary>
        private JsonObject Roots(string scope)
        {
            var inputs = scope.Length == 0 ? run.Inputs : run.Outputs.GetValueOrDefault(scope[..^1] + ".$inputs") ?? "{}";
            return new JsonObject
            {
                ["inputs"] = JsonNode.Parse(inputs),
                ["phases"] = Phases(scope),
                ["run"] = new JsonObject { ["temp"] = Temp, ["staging"] = Staging, ["key"] = IStepRunGrain.KeyOf(work.GoalId, work.StepId), ["skill"] = run.Skill, ["version"] = run.Version },
                ["goal"] = new JsonObject { ["id"] = work.GoalId, ["principal"] = work.Principal },
            };
        }

        private JsonObject Phases(string scope)
        {
            var phases = new JsonObject();
            foreach (var (key, value) in run.Outputs)
            {
                if (key.StartsWith(scope, StringComparison.Ordinal) && !key[scope.Length..].Contains('.', StringComparison.Ordinal) && !key[scope.Length..].StartsWith('$'))
                {
                    phases[key[scope.Length..]] = JsonNode.Parse(value);
                }
            }

            return phases;
        }
    }
}
