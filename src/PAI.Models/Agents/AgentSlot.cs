using PAI.Abstractions.Models;

namespace PAI.Models.Agents;

/// <summary>A run's slot in its agent's concurrency limit (a lease the run renews; a crashed run's slot expires).</summary>
internal sealed class AgentSlot(IAgentGrain agent, string runKey, int concurrency, TimeProvider time)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    /// <summary>Waits for a slot (or renews the one held).</summary>
    public async Task AcquireAsync(CancellationToken cancellationToken)
    {
        if (concurrency <= 0)
        {
            return;
        }

        while (!await agent.AcquireAsync(runKey, concurrency, Ttl))
        {
            await Task.Delay(Poll, time, cancellationToken);
        }
    }

    /// <summary>Frees the slot.</summary>
    public Task ReleaseAsync() => concurrency <= 0 ? Task.CompletedTask : agent.ReleaseAsync(runKey);
}
