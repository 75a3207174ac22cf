using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Steps;
using PAI.Abstractions.Storage;
using PAI.Abstractions.Tools;
using PAI.Engine.Persistence;
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
    private readonly StepPipelineCache _pipelines;
    private Task? _execution;
    private CancellationTokenSource? _cancellation;

    /// <summary>Creates the grain.</summary>
    public StepRunGrain(
        [PersistentState("step", StorageNames.Grains)] IPersistentState<StepRunState> state,
        IToolRegistry tools,
        IOptions<EngineOptions> options,
        TimeProvider time,
        ILogger<StepRunGrain> logger,
        StepPipelineCache pipelines)
    {
        _state = state;
        _tools = tools;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _writer = new ResilientStateWriter<StepRunState>(state, logger, time);
        _pipelines = pipelines;
    }

    private StepRunState State => _state.State;

    /// <inheritdoc />
    public async Task StartAsync(StepWork work)
    {
        if (_execution is { IsCompleted: false })
        {
            return;
        }

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
        var outcome = await ExecuteAsync(work, cancellationToken);
        await ReportAsync(work, outcome with { StartedAt = startedAt });
        DeactivateOnIdle();
    }

    private async Task<StepOutcome> ExecuteAsync(StepWork work, CancellationToken cancellationToken)
    {
        StepOutcome Outcome(StepStatus status, string? output, string? error) =>
            new(work.StepId, status, State.Attempts, State.StartedAt ?? _time.GetUtcNow(), _time.GetUtcNow(), output, error);

        if (!_tools.TryGet(work.Tool, out var tool))
        {
            return Outcome(StepStatus.Failed, null, $"unknown tool '{work.Tool}'");
        }

        if (JsonNode.Parse(work.Input) is not JsonObject input)
        {
            return Outcome(StepStatus.Failed, null, "step input is not a JSON object");
        }

        var timeout = work.Timeout ?? tool.Descriptor.DefaultTimeout;
        var pipeline = _pipelines.Get(work.Retry.MaxAttempts - 1 - State.FailedAttempts, StepPipelineCache.BackoffOf(work.Retry), timeout);
        var workspace = _options.WorkspaceOf(work.GoalId);
        var resilience = ResilienceContextPool.Shared.Get(cancellationToken);
        resilience.Properties.Set(StepPipelineCache.OnRetryKey, args => OnRetryAsync(work, args));
        try
        {
            LogAttempt(_logger, work.GoalId, work.StepId, work.Tool, State.Attempts);
            var output = await pipeline.ExecuteAsync(
                async (context, _) =>
                {
                    var toolContext = new ToolContext(work.GoalId, work.StepId, State.Attempts, IStepRunGrain.KeyOf(work.GoalId, work.StepId), (JsonObject)input.DeepClone(), workspace, work.Principal, this);
                    return await tool.InvokeAsync(toolContext, context.CancellationToken);
                },
                resilience,
                0);
            var json = output?.ToJsonString() ?? "null";
            var size = Encoding.UTF8.GetByteCount(json);
            return size > _options.MaxStepOutputBytes
                ? Outcome(StepStatus.Failed, null, $"output of {size} bytes exceeds the limit of {_options.MaxStepOutputBytes} bytes")
                : Outcome(StepStatus.Succeeded, json, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
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
        finally
        {
            ResilienceContextPool.Shared.Return(resilience);
        }
    }

    /// <summary>A failed attempt is about to be retried: count it durably before the next one starts.</summary>
    private async ValueTask OnRetryAsync(StepWork work, OnRetryArguments<JsonNode?> args)
    {
        State.FailedAttempts++;
        State.Attempts++;
        State.LastError = args.Outcome.Exception?.Message;
        LogRetry(_logger, work.GoalId, work.StepId, State.Attempts, args.RetryDelay, State.LastError);
        await _writer.WriteAsync();
        _ = NotifyAttemptAsync(work);
    }

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
