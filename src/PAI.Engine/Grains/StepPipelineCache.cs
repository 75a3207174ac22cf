using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Tools;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace PAI.Engine.Grains;

/// <summary>
/// Step resilience pipelines (retry with exponential backoff, then a per-attempt timeout), shared by every step of the
/// same shape. Building a Polly pipeline validates its options through reflection, which cost more than running a
/// no-op step; pipelines are immutable and thread-safe, so one per (retries left, backoff, timeout) is enough. What
/// differs per step (its grain's bookkeeping on each retry) travels in the execution's <see cref="ResilienceContext"/>.
/// </summary>
public sealed class StepPipelineCache(TimeProvider time)
{
    /// <summary>The per-execution retry callback: the running step records the failed attempt before the next one.</summary>
    internal static readonly ResiliencePropertyKey<Func<OnRetryArguments<JsonNode?>, ValueTask>> OnRetryKey = new("pai.step.on-retry");

    /// <summary>More shapes than this (odd timeouts in many plans) are built per use rather than kept.</summary>
    private const int MaxCached = 1024;

    private readonly ConcurrentDictionary<(int Retries, TimeSpan Backoff, TimeSpan? Timeout), ResiliencePipeline<JsonNode?>> _pipelines = new();

    /// <summary>The pipeline for a step with <paramref name="retries"/> retries left.</summary>
    internal ResiliencePipeline<JsonNode?> Get(int retries, TimeSpan backoff, TimeSpan? timeout)
    {
        var key = (Math.Max(retries, 0), backoff, timeout);
        if (_pipelines.TryGetValue(key, out var pipeline))
        {
            return pipeline;
        }

        pipeline = Build(key.Item1, backoff, timeout);
        return _pipelines.Count < MaxCached ? _pipelines.GetOrAdd(key, pipeline) : pipeline;
    }

    private ResiliencePipeline<JsonNode?> Build(int retries, TimeSpan backoff, TimeSpan? timeout)
    {
        var builder = new ResiliencePipelineBuilder<JsonNode?> { TimeProvider = time };
        if (retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<JsonNode?>
            {
                MaxRetryAttempts = retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = backoff,
                MaxDelay = TimeSpan.FromMinutes(5),
                ShouldHandle = new PredicateBuilder<JsonNode?>()
                    .Handle<ToolException>(e => e.Retryable)
                    .Handle<TimeoutRejectedException>()
                    .Handle<IOException>()
                    .Handle<HttpRequestException>(),
                OnRetry = args => args.Context.Properties.TryGetValue(OnRetryKey, out var onRetry) ? onRetry(args) : ValueTask.CompletedTask,
            });
        }

        if (timeout is { } limit)
        {
            builder.AddTimeout(limit);
        }

        return builder.Build();
    }

    /// <summary>The backoff of a retry policy, with the default's when it names none.</summary>
    internal static TimeSpan BackoffOf(RetrySpec retry) => retry.Backoff ?? RetrySpec.Default.Backoff!.Value;
}
