using Microsoft.Extensions.Logging;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Steps;
using Polly;
using Polly.Retry;

namespace PAI.Engine.Grains;

/// <summary>Tells a step's goal about its attempts and its outcome. The outcome is retried with backoff until the goal
/// acknowledges, which it does once the outcome is durable.</summary>
internal sealed partial class GoalReporter(IGrainFactory grains, TimeProvider time, ILogger logger)
{
    private const int MaxRetries = 30;

    /// <summary>Reports the outcome; false when the goal did not take it after every retry.</summary>
    public async Task<bool> ReportAsync(string goalId, StepOutcome outcome)
    {
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(50),
                MaxDelay = TimeSpan.FromSeconds(5),
                ShouldHandle = new PredicateBuilder().Handle<Exception>(),
                OnRetry = args =>
                {
                    LogReportFailed(logger, args.Outcome.Exception!, goalId, outcome.StepId, args.AttemptNumber + 1);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        var goal = grains.GetGrain<IGoalGrain>(goalId);
        try
        {
            await pipeline.ExecuteAsync(async _ => await goal.OnStepFinishedAsync(outcome), CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogReportAbandoned(logger, ex, goalId, outcome.StepId);
            return false;
        }

        LogFinished(logger, goalId, outcome.StepId, outcome.Status, outcome.Error);
        return true;
    }

    /// <summary>Tells the goal a retry started (best effort: the outcome carries the final count anyway).</summary>
    public async Task NotifyAttemptAsync(string goalId, string stepId, int attempt)
    {
        try
        {
            await grains.GetGrain<IGoalGrain>(goalId).OnStepAttemptAsync(stepId, attempt);
        }
        catch (Exception ex)
        {
            LogReportFailed(logger, ex, goalId, stepId, 0);
        }
    }
}
