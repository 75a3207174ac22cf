using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Steps;
using PAI.Abstractions.Storage;
using PAI.Abstractions.Audit;
using PAI.Abstractions.Tools;
using PAI.Engine.Agents;
using PAI.Engine.Guardrails;
using PAI.Engine.Persistence;
using PAI.Engine.Skills;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace PAI.Engine.Grains;

/// <summary>
/// Runs one step: persists the attempt, calls the tool under the step's retry and timeout policy, and reports the
/// outcome to the goal until the goal has made it durable. A restart runs the step again with the same idempotency
/// key; tools make that harmless.
/// </summary>
public sealed partial class StepRunGrain : Grain, IStepRunGrain, IStepCheckpoint
{
    private readonly IPersistentState<StepRunState> _state;
    private readonly IToolRegistry _tools;
    private readonly EngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<StepRunGrain> _logger;
    private readonly ResilientStateWriter<StepRunState> _writer;
    private readonly ToolGuard _guard;
    private readonly ISkillCatalog _skills;
    private readonly IAgentCatalog _agents;
    private readonly IAuditStore _audit;
    private Task? _execution;
    private bool _reported;
    private TaskScheduler _activationScheduler = TaskScheduler.Default;
    private CancellationTokenSource? _cancellation;
    private volatile bool _deactivating;

    /// <summary>Creates the grain.</summary>
    public StepRunGrain(
        [PersistentState("step", StorageNames.Grains)] IPersistentState<StepRunState> state,
        IToolRegistry tools,
        IOptions<EngineOptions> options,
        TimeProvider time,
        ILogger<StepRunGrain> logger,
        ToolGuard guard,
        ISkillCatalog skills,
        IAgentCatalog agents,
        IAuditStore audit)
    {
        _guard = guard;
        _skills = skills;
        _agents = agents;
        _audit = audit;
        _state = state;
        _tools = tools;
        _options = options.Value;
        _time = time;
        _logger = logger;
        // A write that cannot be made durable: drop this activation (and the attempt it runs) so that the next one
        // reloads the attempt counters; the goal's watchdog starts the step again under the same idempotency key.
        _writer = new ResilientStateWriter<StepRunState>(state, logger, time, DeactivateOnIdle);
    }

    private StepRunState State => _writer.State;

    /// <inheritdoc />
    public async Task StartAsync(StepWork work)
    {
        // Running, or finished with the outcome durable in the goal: a watchdog re-dispatch that raced the report
        // must not run the tool again.
        if (_execution is { IsCompleted: false } || _reported)
        {
            return;
        }

        // A stored earlier attempt means this is a re-run: after a crash, or a re-dispatch (watchdog, dispatch retry)
        // that reached a new activation after an earlier one had already reported. Run again only while the goal
        // still says the step runs; otherwise the tool would have its effect a second time.
        if (State.Attempts > 0 && await IsFinishedInGoalAsync(work))
        {
            _reported = true;
            DeactivateOnIdle();
            return;
        }

        _activationScheduler = TaskScheduler.Current;
        State.Work = work;
        State.Attempts++;
        State.StartedAt ??= _time.GetUtcNow();
        await _writer.WriteAsync();

        _cancellation?.Dispose();
        _cancellation = new CancellationTokenSource();
        DelayDeactivation(TimeSpan.FromDays(365));
        _execution = RunAsync(work, _cancellation.Token);
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Stopping (shutdown, rebalancing) is not a cancel: the run stops where it is and resumes on the next
        // dispatch; only CancelAsync turns into a Cancelled outcome (and a skill's cancel cleanup).
        _deactivating = true;
        _cancellation?.Cancel();
        _cancellation?.Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task CancelAsync()
    {
        _cancellation?.Cancel();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    string? IStepCheckpoint.Get(string key) => State.Checkpoint.GetValueOrDefault(key);

    /// <inheritdoc />
    async Task IStepCheckpoint.SetAsync(string key, string value, CancellationToken cancellationToken)
    {
        State.Checkpoint[key] = value;
        await _writer.WriteAsync();
    }

    private async Task RunAsync(StepWork work, CancellationToken cancellationToken)
    {
        var startedAt = State.StartedAt ?? _time.GetUtcNow();
        StepOutcome outcome;
        using (var activity = EngineTelemetry.Source.StartActivity("step " + (work.Skill ?? work.Tool)))
        {
            activity?.SetTag("pai.goal.id", work.GoalId);
            activity?.SetTag("pai.step.id", work.StepId);
            activity?.SetTag("pai.tool", work.Tool);
            var clock = _time.GetTimestamp();
            try
            {
                outcome = await ExecuteAsync(work, cancellationToken);
            }
            catch (OperationCanceledException) when (_deactivating)
            {
                // The silo is shutting down: the step pauses, and the next dispatch resumes it.
                return;
            }
            catch (Exception ex) when (_writer.IsLost)
            {
                // A retry or checkpoint write could not be made durable. Reporting an outcome now would rest on counters
                // the store does not hold; the activation is going away and the goal's watchdog starts the step again.
                LogAbandoned(_logger, ex, work.GoalId, work.StepId);
                activity?.SetStatus(ActivityStatusCode.Error, "abandoned: state write lost");
                return;
            }

            activity?.SetTag("pai.step.status", outcome.Status.ToString());
            activity?.SetTag("pai.step.attempts", outcome.Attempts);
            if (outcome.Status != StepStatus.Succeeded)
            {
                activity?.SetStatus(ActivityStatusCode.Error, outcome.Error);
            }

            var tags = new TagList { { "tool", work.Tool }, { "status", outcome.Status.ToString() } };
            EngineTelemetry.StepsFinished.Add(1, tags);
            EngineTelemetry.StepDuration.Record(_time.GetElapsedTime(clock).TotalSeconds, new KeyValuePair<string, object?>("tool", work.Tool));
        }

        await ReportAsync(work, outcome with { StartedAt = startedAt });
        _reported = true;
        DeactivateOnIdle();
    }

    private async Task<StepOutcome> ExecuteAsync(StepWork work, CancellationToken cancellationToken)
    {
        StepOutcome Outcome(StepStatus status, string? output, string? error) =>
            new(work.StepId, status, State.Attempts, State.StartedAt ?? _time.GetUtcNow(), _time.GetUtcNow(), output, error);

        // A step naming a skill runs the skill's phases as a persisted state machine (StepRunGrain.Skills.cs).
        if (work.Skill is not null)
        {
            return await RunSkillAsync(work, cancellationToken);
        }

        if (!_tools.TryGet(work.Tool ?? "", out var tool))
        {
            return Outcome(StepStatus.Failed, null, $"unknown tool '{work.Tool}'");
        }

        if (JsonNode.Parse(work.Input) is not JsonObject input)
        {
            return Outcome(StepStatus.Failed, null, "step input is not a JSON object");
        }

        var timeout = work.Timeout ?? tool.Descriptor.DefaultTimeout;
        var pipeline = BuildPipeline(work, timeout);
        var workspace = _options.WorkspaceOf(work.GoalId);
        try
        {
            LogAttempt(_logger, work.GoalId, work.StepId, work.Tool ?? "", State.Attempts);
            var output = await pipeline.ExecuteAsync(
                ct => new ValueTask<JsonNode?>(OnActivationAsync(() =>
                {
                    var context = new ToolContext(work.GoalId, work.StepId, State.Attempts, IStepRunGrain.KeyOf(work.GoalId, work.StepId), (JsonObject)input.DeepClone(), workspace, work.Principal, this);

                    // Allow-list, rate limit, output cap and audit entry: the guard is the only way tools are called.
                    return _guard.CallAsync(new ToolCall(tool, context, work.Agent ?? AgentDefinition.DefaultName), ct);
                })),
                cancellationToken);
            var json = output?.ToJsonString() ?? "null";
            var size = Encoding.UTF8.GetByteCount(json);
            return size > _options.MaxStepOutputBytes
                ? Outcome(StepStatus.Failed, null, $"output of {size} bytes exceeds the limit of {_options.MaxStepOutputBytes} bytes")
                : Outcome(StepStatus.Succeeded, json, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !_deactivating)
        {
            return Outcome(StepStatus.Cancelled, null, "cancelled");
        }
        catch (TimeoutRejectedException)
        {
            return Outcome(StepStatus.Failed, null, $"attempt {State.Attempts} timed out after {timeout}");
        }
        catch (ToolException ex)
        {
            return Outcome(StepStatus.Failed, null, ex.Message);
        }
        catch (Exception ex) when (ex is JsonException or IOException or HttpRequestException or InvalidOperationException or UnauthorizedAccessException)
        {
            return Outcome(StepStatus.Failed, null, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <param name="perPhase">Skill phases get the step's retry policy afresh for each phase (not persisted).</param>
    private ResiliencePipeline<JsonNode?> BuildPipeline(StepWork work, TimeSpan? timeout, bool perPhase = false)
    {
        var builder = new ResiliencePipelineBuilder<JsonNode?> { TimeProvider = _time };
        var remaining = work.Retry.MaxAttempts - 1 - (perPhase ? 0 : State.FailedAttempts);
        if (remaining > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<JsonNode?>
            {
                MaxRetryAttempts = remaining,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = _options.RetryJitter,
                Delay = work.Retry.Backoff ?? RetrySpec.Default.Backoff!.Value,
                MaxDelay = TimeSpan.FromMinutes(5),
                ShouldHandle = new PredicateBuilder<JsonNode?>()
                    .Handle<ToolException>(e => e.Retryable)
                    .Handle<TimeoutRejectedException>()
                    .Handle<IOException>()
                    .Handle<HttpRequestException>(),
                OnRetry = args => new ValueTask(OnActivationAsync(async () =>
                {
                    if (perPhase)
                    {
                        LogRetry(_logger, work.GoalId, work.StepId, args.AttemptNumber + 2, args.RetryDelay, args.Outcome.Exception?.Message);
                        return true;
                    }

                    State.FailedAttempts++;
                    State.Attempts++;
                    EngineTelemetry.StepRetries.Add(1, new KeyValuePair<string, object?>("tool", work.Tool));
                    State.LastError = args.Outcome.Exception?.Message;
                    LogRetry(_logger, work.GoalId, work.StepId, State.Attempts, args.RetryDelay, State.LastError);
                    await _writer.WriteAsync();
                    _ = NotifyAttemptAsync(work);
                    return true;
                })),
            });
        }

        if (timeout is { } limit)
        {
            builder.AddTimeout(limit);
        }

        return builder.Build();
    }

    private async Task<bool> IsFinishedInGoalAsync(StepWork work)
    {
        var goal = await GrainFactory.GetGrain<IGoalGrain>(work.GoalId).GetAsync();
        return goal?.Steps.FirstOrDefault(s => s.Id == work.StepId) is not { Status: StepStatus.Running };
    }

    /// <summary>
    /// Runs work on this activation's scheduler. Polly continues on pool threads after its delays, where touching the
    /// grain's state or calling WriteStateAsync throws "activation access violation" (and would race the grain's own
    /// turns): every retry callback and every attempt after the first is brought back to the activation here.
    /// </summary>
    private Task<T> OnActivationAsync<T>(Func<Task<T>> work) =>
        TaskScheduler.Current == _activationScheduler
            ? work()
            : Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.None, _activationScheduler).Unwrap();

    private async Task NotifyAttemptAsync(StepWork work)
    {
        try
        {
            await GrainFactory.GetGrain<IGoalGrain>(work.GoalId).OnStepAttemptAsync(work.StepId, State.Attempts);
        }
        catch (Exception ex)
        {
            LogReportFailed(_logger, ex, work.GoalId, work.StepId, 0);
        }
    }

    /// <summary>Tells the goal until it acknowledges; the goal acknowledges only once the outcome is durable.</summary>
    private async Task ReportAsync(StepWork work, StepOutcome outcome)
    {
        var goal = GrainFactory.GetGrain<IGoalGrain>(work.GoalId);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await goal.OnStepFinishedAsync(outcome);
                LogFinished(_logger, work.GoalId, work.StepId, outcome.Status, outcome.Error);
                return;
            }
            catch (Exception ex) when (attempt < 30)
            {
                LogReportFailed(_logger, ex, work.GoalId, work.StepId, attempt + 1);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 50 << Math.Min(attempt, 7))), _time);
            }
        }
    }
}
