namespace PAI.Abstractions.Tools;

/// <summary>One token bucket, shared by the whole cluster because a grain has one activation. Key: <c>{tool}</c> or
/// <c>{tool}|{principal}</c>.</summary>
public interface IRateLimiterGrain : IGrainWithStringKey
{
    /// <summary>Takes one permit if one is free; otherwise says how long until one may be.</summary>
    Task<RateLimitDecision> TryAcquireAsync(ToolRateLimit limit);
}
