using PAI.Abstractions.Models;
using PAI.Abstractions.Storage;

namespace PAI.Models.Agents;

/// <summary>
/// The agent's cluster-wide gate: at most <c>concurrency</c> runs hold a slot; a slot is a lease that its run renews,
/// so a run whose process died frees it after the TTL. After the grain moves (a silo died) live runs re-take their slots
/// on their next renewal. Today's token total is stored.
/// </summary>
public sealed class AgentGrain(
    [PersistentState("agent", StorageNames.Grains)] IPersistentState<AgentGrainState> state,
    TimeProvider time) : Grain, IAgentGrain
{
    private readonly Dictionary<string, DateTimeOffset> _slots = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<bool> AcquireAsync(string runKey, int concurrency, TimeSpan ttl)
    {
        var now = time.GetUtcNow();
        foreach (var expired in _slots.Where(s => s.Value <= now).Select(s => s.Key).ToList())
        {
            _slots.Remove(expired);
        }

        if (_slots.ContainsKey(runKey) || concurrency <= 0 || _slots.Count < concurrency)
        {
            _slots[runKey] = now + ttl;
            return Task.FromResult(true);
        }

        return Task.FromResult(false);
    }

    /// <inheritdoc />
    public Task ReleaseAsync(string runKey)
    {
        _slots.Remove(runKey);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<long> RecordTokensAsync(long tokens)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (state.State.Day != today)
        {
            state.State.Day = today;
            state.State.Tokens = 0;
        }

        if (tokens > 0)
        {
            state.State.Tokens += tokens;
            await state.WriteStateAsync();
        }

        return state.State.Tokens;
    }

    /// <inheritdoc />
    public Task<AgentActivity> GetActivityAsync()
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return Task.FromResult(new AgentActivity(
            _slots.Where(s => s.Value > now).Select(s => s.Key).Order(StringComparer.Ordinal).ToList(),
            state.State.Day == today ? state.State.Tokens : 0));
    }
}
