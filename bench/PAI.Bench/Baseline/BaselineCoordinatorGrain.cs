using Orleans.Concurrency;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Steps;

namespace PAI.Bench.Baseline;

/// <summary>
/// Plain in-memory orchestration: a dependants map and a countdown per step, no state writes, no events, no index.
/// This is what the same DAG costs when Orleans messaging and grain activation are all there is.
/// </summary>
[Reentrant]
public sealed class BaselineCoordinatorGrain : Grain, IBaselineCoordinatorGrain
{
    private readonly Dictionary<string, StepSpec> _steps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _dependants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _waitingOn = new(StringComparer.Ordinal);
    private int _remaining;

    /// <inheritdoc />
    public Task StartAsync(PlanSpec plan)
    {
        _remaining = plan.Steps.Count;
        foreach (var step in plan.Steps)
        {
            _steps[step.Id] = step;
            _waitingOn[step.Id] = step.DependsOn.Count;
            foreach (var dependency in step.DependsOn)
            {
                if (!_dependants.TryGetValue(dependency, out var list))
                {
                    _dependants[dependency] = list = [];
                }

                list.Add(step.Id);
            }
        }

        foreach (var step in plan.Steps)
        {
            if (step.DependsOn.Count == 0)
            {
                Dispatch(step);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task OnStepFinishedAsync(StepOutcome outcome)
    {
        _remaining--;
        if (_dependants.TryGetValue(outcome.StepId, out var dependants))
        {
            foreach (var id in dependants)
            {
                if (--_waitingOn[id] == 0)
                {
                    Dispatch(_steps[id]);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> IsDoneAsync() => Task.FromResult(_remaining == 0 && _steps.Count > 0);

    private void Dispatch(StepSpec step)
    {
        var key = this.GetPrimaryKeyString();
        var work = new StepWork(key, step.Id, step.Tool!, step.With ?? "{}", RetrySpec.Default, null, "bench");
        _ = GrainFactory.GetGrain<IBaselineStepGrain>(key + "/" + step.Id).StartAsync(work);
    }
}
