using Microsoft.Extensions.Logging;
using Orleans.Utilities;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Storage;
using PAI.Engine.Goals;

namespace PAI.Engine.Grains;

/// <summary>
/// Carries out one goal's outward effects: its index row, audit entries, events to subscribers, and starting and
/// stopping its step runs (one per activation). Persisting, and the effects that feed a command back to the goal, stay
/// with the grain.
/// </summary>
internal sealed class GoalEffectRunner(string goalId, IGoalIndex index, GoalAuditWriter audit, StepDispatcher steps, ILogger logger)
{
    private readonly GoalIndexWriter _index = new(index, goalId, logger);

    /// <summary>The goal's event subscribers.</summary>
    public ObserverManager<IGoalObserver> Observers { get; } = new(TimeSpan.FromMinutes(2), logger);

    /// <summary>Carries out the effect; only reserving and removing the index row throw.</summary>
    public async Task CarryOutAsync(GoalEffect effect)
    {
        switch (effect)
        {
            case ReserveIndex or UpdateIndex or RemoveIndex:
                await _index.WriteAsync(effect);
                break;
            case EmitEvents emit when Observers.Count > 0:
                Observers.Notify(o => Array.ForEach(emit.Events.ToArray(), e => _ = o.OnGoalEventAsync(e)));
                break;
            case DispatchSteps dispatch:
                Array.ForEach(dispatch.Work.ToArray(), work => _ = steps.StartAsync(work));
                break;
            case CancelStepRuns cancel:
                Array.ForEach(cancel.StepIds.ToArray(), stepId => _ = steps.CancelAsync(goalId, stepId));
                break;
            case AppendAudit entries:
                await audit.AppendAsync(entries.Entries);
                break;
        }
    }
}
