using Orleans.Concurrency;

namespace PAI.Abstractions.Goals;

/// <summary>Receives a goal's transitions (used by the server-sent events endpoint).</summary>
public interface IGoalObserver : IGrainObserver
{
    /// <summary>Called once per transition, in order.</summary>
    [OneWay]
    Task OnGoalEventAsync(GoalEvent goalEvent);
}
