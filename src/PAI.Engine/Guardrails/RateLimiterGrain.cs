using System.Threading.RateLimiting;
using PAI.Abstractions.Tools;

namespace PAI.Engine.Guardrails;

/// <summary>
/// One token bucket (System.Threading.RateLimiting) per tool, or per tool and principal. Orleans keeps a single
/// activation of a grain in the cluster, so every silo asks the same bucket: the limit holds cluster-wide. After a
/// silo loss the bucket restarts full on another silo, which may admit one extra burst; that is the documented cost.
/// </summary>
public sealed class RateLimiterGrain : Grain, IRateLimiterGrain
{
    private TokenBucketRateLimiter? _limiter;
    private ToolRateLimit? _limit;

    /// <inheritdoc />
    public Task<RateLimitDecision> TryAcquireAsync(ToolRateLimit limit)
    {
        ArgumentNullException.ThrowIfNull(limit);
        if (_limiter is null || _limit != limit)
        {
            _limiter?.Dispose();
            _limit = limit;
            _limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(1, limit.Permits),
                TokensPerPeriod = Math.Max(1, limit.Permits),
                ReplenishmentPeriod = limit.Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        }

        using var lease = _limiter.AttemptAcquire(1);
        if (lease.IsAcquired)
        {
            return Task.FromResult(new RateLimitDecision(true, TimeSpan.Zero));
        }

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : limit.Window;
        return Task.FromResult(new RateLimitDecision(false, retryAfter));
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _limiter?.Dispose();
        return Task.CompletedTask;
    }
}
