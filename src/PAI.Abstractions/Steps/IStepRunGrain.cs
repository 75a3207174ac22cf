using Orleans.Concurrency;

namespace PAI.Abstractions.Steps;

/// <summary>Runs one step as a persisted state machine with retries and timeouts. Key: <c>{goalId}/{stepId}</c>.</summary>
public interface IStepRunGrain : IGrainWithStringKey
{
    /// <summary>Starts the step (idempotent: a step already running here is left alone); returns once the attempt is durable.</summary>
    Task StartAsync(StepWork work);

    /// <summary>Cancels a running step; it reports <c>Cancelled</c> to its goal.</summary>
    [AlwaysInterleave]
    Task CancelAsync();

    /// <summary>The step's durable checkpoint values whose key ends with <paramref name="keySuffix"/>, by key (an agent's
    /// transcript lives under <c>{scope}:agent</c>); answers while the step runs.</summary>
    [AlwaysInterleave, ReadOnly]
    Task<Dictionary<string, string>> GetCheckpointValuesAsync(string keySuffix);

    /// <summary>Helper for building the grain key.</summary>
    static string KeyOf(string goalId, string stepId) => goalId + "/" + stepId;
}
