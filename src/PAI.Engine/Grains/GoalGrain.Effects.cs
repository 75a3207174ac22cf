using PAI.Abstractions.Goals;
using PAI.Abstractions.Planning;
using PAI.Engine.Goals;

namespace PAI.Engine.Grains;

/// <summary>How the goal carries out a transition's effects: in the order the machine gave, persisting first; the
/// index writes under way tracked so a GET waits for them; effects whose result is the next command run after.</summary>
public sealed partial class GoalGrain
{
    /// <summary>Carries out a transition's effects in order; only reserving the index row and persisting may throw.</summary>
    private async Task CarryOutAsync(GoalTransition transition)
    {
        TaskCompletionSource? indexed = null;
        if (transition.Effects.Any(e => e is UpdateIndex))
        {
            indexed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _indexWrites = _indexWrites.IsCompleted ? indexed.Task : Task.WhenAll(_indexWrites, indexed.Task);
        }

        try
        {
            await CarryOutEffectsAsync(transition, indexed);
        }
        finally
        {
            indexed?.TrySetResult();
        }

        UpdateWatchdog(_options.StepWatchdogInterval);

        // A finished goal whose handlers are done needs nothing from memory: it leaves once idle, and a later call reads
        // it back from the store. Left to Orleans' idle collection (15 minutes) every finished goal stayed resident that
        // long: ~10 KB each, a gigabyte at the benchmark's 100,000 goals in under three minutes. Only once that is what
        // the store holds and its index row is written: a handler's follow-up is no grain call, so Orleans would count
        // the goal idle while the follow-up still writes, and a new activation would race the old one's last write.
        if (State.Exists && State.Status.IsTerminal() && State.FinishedHandled && _writer.IsIdle && _indexWrites.IsCompleted)
        {
            DeactivateOnIdle();
        }
    }

    private async Task CarryOutEffectsAsync(GoalTransition transition, TaskCompletionSource? indexed)
    {
        foreach (var effect in transition.Effects)
        {
            switch (effect)
            {
                case UpdateIndex:
                    await _effects.CarryOutAsync(effect);
                    indexed?.TrySetResult();
                    break;
                case PersistState persist:
                    await (persist.Changed ? _writer.WriteAsync() : _writer.WhenDurableAsync());
                    break;
                case RequestPlan request:
                    // A free-form goal (or a re-plan): the model planner, keyed by goal, joins work already under way.
                    _ = FollowUpAsync(async () => new PlanReady(await GrainFactory.GetGrain<IModelPlannerGrain>(State.Id).PlanAsync(request.Request)), "planning");
                    break;
                case EmitEvents emit:
                    _eventsDurableThrough = Math.Max(_eventsDurableThrough, emit.Events[^1].Sequence);
                    await _effects.CarryOutAsync(effect);
                    break;
                case NotifyGoalFinished finished:
                    _ = FollowUpAsync(async () => await _finished.DeliverAsync(finished) ? new FinishedHandled() : null, "delivering the finished goal");
                    break;
                default:
                    await _effects.CarryOutAsync(effect);
                    break;
            }
        }
    }

    /// <summary>Carries out an effect whose result is the goal's next command (a plan, handled finish handlers); a
    /// failure is logged, and the watchdog's next tick asks for the effect again.</summary>
    private async Task FollowUpAsync(Func<Task<GoalCommand?>> effect, string what)
    {
        try
        {
            if (await effect() is { } next)
            {
                await RunAsync(next);
            }
        }
        catch (Exception ex)
        {
            LogEffectFailed(_logger, ex, State.Id, what);
        }
    }
}
