using PAI.Abstractions.Goals;

namespace PAI.Engine.Goals;

/// <summary>
/// Incremental readiness bookkeeping for one goal's DAG, so that a step outcome costs O(its dependants) instead of a
/// scan of every step (a scan per outcome made a goal of n steps O(n²)). Holds no state of its own that is not derived
/// from the steps' statuses: it is rebuilt from <see cref="GoalState.Steps"/> whenever the machine is built over them, and
/// told of every status change through <see cref="OnStatusChanged"/>.
/// </summary>
internal sealed class StepScheduler
{
    private readonly List<GoalStepState> _steps;
    private readonly Dictionary<string, int> _indexOf;
    private readonly List<int>[] _dependants;
    private readonly int[] _unmet;
    private readonly Queue<int> _ready = new();
    private readonly Queue<(int Step, string Blocker)> _blocked = new();

    /// <summary>Derives the bookkeeping from the steps as they are now (plan order is kept for the first ready steps).</summary>
    public StepScheduler(List<GoalStepState> steps)
    {
        _steps = steps;
        _indexOf = new Dictionary<string, int>(steps.Count, StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            _indexOf[steps[i].Spec.Id] = i;
        }

        _dependants = new List<int>[steps.Count];
        _unmet = new int[steps.Count];
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (step.Status == StepStatus.Running)
            {
                Running++;
            }

            if (step.Status == StepStatus.WaitingForApproval)
            {
                Waiting++;
            }

            if (!step.Status.IsTerminal())
            {
                Unfinished++;
            }

            string? blocker = null;
            foreach (var dependency in step.Spec.DependsOn.Distinct(StringComparer.Ordinal))
            {
                var d = _indexOf[dependency];
                (_dependants[d] ??= []).Add(i);
                var status = steps[d].Status;
                if (status != StepStatus.Succeeded)
                {
                    _unmet[i]++;
                }

                if (blocker is null && status is StepStatus.Failed or StepStatus.Skipped or StepStatus.Cancelled)
                {
                    blocker = dependency;
                }
            }

            if (step.Status == StepStatus.Pending)
            {
                if (blocker is not null)
                {
                    _blocked.Enqueue((i, blocker));
                }
                else if (_unmet[i] == 0)
                {
                    _ready.Enqueue(i);
                }
            }
        }
    }

    /// <summary>Steps whose status is <see cref="StepStatus.Running"/>.</summary>
    public int Running { get; private set; }

    /// <summary>Steps whose status is not terminal.</summary>
    public int Unfinished { get; private set; }

    /// <summary>Steps waiting for a person's approval.</summary>
    public int Waiting { get; private set; }

    /// <summary>The step with this id, if the plan has one.</summary>
    public bool TryGet(string stepId, out GoalStepState step)
    {
        if (_indexOf.TryGetValue(stepId, out var i))
        {
            step = _steps[i];
            return true;
        }

        step = null!;
        return false;
    }

    /// <summary>The step with this id (the planner guarantees references name existing steps).</summary>
    public GoalStepState this[string stepId] => _steps[_indexOf[stepId]];

    /// <summary>Updates the counters and unblocks or dooms the dependants; call after every status change.</summary>
    public void OnStatusChanged(GoalStepState step, StepStatus previous)
    {
        var current = step.Status;
        if (previous == current)
        {
            return;
        }

        if (previous == StepStatus.Running)
        {
            Running--;
        }

        if (current == StepStatus.Running)
        {
            Running++;
        }

        if (previous == StepStatus.WaitingForApproval)
        {
            Waiting--;
        }

        if (current == StepStatus.WaitingForApproval)
        {
            Waiting++;
        }

        // An approved step returns to Pending with its dependencies already met: it is ready again.
        if (current == StepStatus.Pending && _unmet[_indexOf[step.Spec.Id]] == 0)
        {
            _ready.Enqueue(_indexOf[step.Spec.Id]);
        }

        if (previous.IsTerminal() || !current.IsTerminal())
        {
            return;
        }

        Unfinished--;
        var i = _indexOf[step.Spec.Id];
        if (_dependants[i] is not { } dependants)
        {
            return;
        }

        foreach (var d in dependants)
        {
            if (_steps[d].Status != StepStatus.Pending)
            {
                continue;
            }

            if (current == StepStatus.Succeeded)
            {
                if (--_unmet[d] == 0)
                {
                    _ready.Enqueue(d);
                }
            }
            else
            {
                _blocked.Enqueue((d, step.Spec.Id));
            }
        }
    }

    /// <summary>A pending step one of whose dependencies did not succeed, with that dependency's id.</summary>
    public bool TryTakeBlocked(out GoalStepState step, out string blocker)
    {
        while (_blocked.TryDequeue(out var entry))
        {
            if (_steps[entry.Step].Status == StepStatus.Pending)
            {
                step = _steps[entry.Step];
                blocker = entry.Blocker;
                return true;
            }
        }

        step = null!;
        blocker = "";
        return false;
    }

    /// <summary>A pending step whose dependencies have all succeeded.</summary>
    public bool TryTakeReady(out GoalStepState step)
    {
        while (_ready.TryDequeue(out var i))
        {
            if (_steps[i].Status == StepStatus.Pending)
            {
                step = _steps[i];
                return true;
            }
        }

        step = null!;
        return false;
    }
}
