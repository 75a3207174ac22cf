using Microsoft.Extensions.Logging;
using PAI.Abstractions.Steps;
using Polly;
using Polly.Retry;

namespace PAI.Engine.Grains;

/// <summary>
/// Starts and stops step runs for goals. A start is retried with backoff (Polly); one that still fails is left to the
/// goal's watchdog, which starts every step the state says is running again (<c>StartAsync</c> is idempotent).
/// </summary>
public sealed partial class StepDispatcher
{
    private readonly IGrainFactory _grains;
    private readonly ILogger<StepDispatcher> _logger;
    private readonly ResiliencePipeline _retry;

    /// <summary>Creates the dispatcher.</summary>
    public StepDispatcher(IGrainFactory grains, TimeProvider time, ILogger<StepDispatcher> logger)
    {
        _grains = grains;
        _logger = logger;
        _retry = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 4,
                Delay = TimeSpan.FromMilliseconds(100),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(),
                OnRetry = args =>
                {
                    LogRetrying(_logger, args.Outcome.Exception, args.AttemptNumber + 1);
                    return default;
                },
            })
            .Build();
    }

    /// <summary>Starts the step run; never throws.</summary>
    public async Task StartAsync(StepWork work)
    {
        var run = _grains.GetGrain<IStepRunGrain>(IStepRunGrain.KeyOf(work.GoalId, work.StepId));
        try
        {
            await _retry.ExecuteAsync(async _ => await run.StartAsync(work), CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogGaveUp(_logger, ex, work.GoalId, work.StepId);
        }
    }

    /// <summary>Tells the step run to stop; never throws (a run that misses it reports to a finished goal, which ignores it).</summary>
    public async Task CancelAsync(string goalId, string stepId)
    {
        try
        {
            await _grains.GetGrain<IStepRunGrain>(IStepRunGrain.KeyOf(goalId, stepId)).CancelAsync();
        }
        catch (Exception ex)
        {
            LogCancelFailed(_logger, ex, goalId, stepId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Starting a step run failed (try {Attempt}); retrying")]
    private static partial void LogRetrying(ILogger logger, Exception? exception, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Goal {GoalId}: starting step {StepId} failed; the goal's watchdog starts it again")]
    private static partial void LogGaveUp(ILogger logger, Exception exception, string goalId, string stepId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Goal {GoalId}: telling step {StepId} to stop failed")]
    private static partial void LogCancelFailed(ILogger logger, Exception exception, string goalId, string stepId);
}
