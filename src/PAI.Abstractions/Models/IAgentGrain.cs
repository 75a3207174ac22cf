namespace PAI.Abstractions.Models;

/// <summary>
/// One agent across the cluster (key: the agent's name): holds its running model phases to the agent's
/// <c>concurrency</c> (each run holds a slot with a TTL it renews, so a crashed run frees its slot) and keeps its running
/// token budget per UTC day.
/// </summary>
public interface IAgentGrain : IGrainWithStringKey
{
    /// <summary>Takes a slot for <paramref name="runKey"/> (idempotent) when fewer than <paramref name="concurrency"/>
    /// runs hold one (0: unlimited); renews it when held. False: all slots are taken, ask again later.</summary>
    Task<bool> AcquireAsync(string runKey, int concurrency, TimeSpan ttl);

    /// <summary>Frees the run's slot.</summary>
    Task ReleaseAsync(string runKey);

    /// <summary>Adds usage to today's total and answers it.</summary>
    Task<long> RecordTokensAsync(long tokens);

    /// <summary>Runs holding a slot now, and tokens used today.</summary>
    Task<AgentActivity> GetActivityAsync();
}
