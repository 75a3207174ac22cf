using System.Collections.Concurrent;
using Orleans.Storage;

namespace PAI.Engine.Tests.Persistence;

/// <summary>
/// Wraps the real grain storage and injects write faults into the grains of goals that have a <see cref="FaultPlan"/>
/// (a goal's grains are keyed <c>{goalId}</c> and <c>{goalId}/{stepId}</c>), so tests sharing a silo do not disturb each other.
/// </summary>
public sealed class FaultyGrainStorage(IGrainStorage inner) : IGrainStorage
{
    private readonly ConcurrentDictionary<string, FaultPlan> _plans = new(StringComparer.Ordinal);

    /// <summary>The storage being wrapped.</summary>
    public IGrainStorage Inner => inner;

    /// <summary>Applies the plan to the goal's grains from now on.</summary>
    public FaultPlan Arm(string goalId, FaultPlan plan)
    {
        _plans[goalId] = plan;
        return plan;
    }

    /// <summary>Stops injecting faults into the goal's grains.</summary>
    public void Disarm(string goalId) => _plans.TryRemove(goalId, out _);

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        PlanOf(grainId)?.OnRead(grainId);
        return inner.ReadStateAsync(stateName, grainId, grainState);
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var fault = PlanOf(grainId)?.NextWrite(grainId);
        if (fault == FaultKind.BeforeCommit)
        {
            throw new IOException($"injected: write of {grainId}/{stateName} failed before commit");
        }

        await inner.WriteStateAsync(stateName, grainId, grainState);
        if (fault == FaultKind.AfterCommit)
        {
            throw new TimeoutException($"injected: write of {grainId}/{stateName} committed, then the reply was lost");
        }
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    private FaultPlan? PlanOf(GrainId grainId)
    {
        var key = grainId.Key.ToString() ?? "";
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return _plans.GetValueOrDefault(slash < 0 ? key : key[..slash]);
    }
}
