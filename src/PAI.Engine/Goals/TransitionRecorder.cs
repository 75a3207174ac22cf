using PAI.Abstractions.Audit;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Steps;

namespace PAI.Engine.Goals;

/// <summary>
/// Collects what one transition of <see cref="GoalMachine"/> decided and turns it into effects in the one order the
/// grain carries them out: reserve the index row, persist, then what the persisted state enables.
/// </summary>
internal sealed class TransitionRecorder
{
    private readonly List<GoalEvent> _events = [];
    private readonly List<StepWork> _dispatch = [];
    private readonly List<string> _cancel = [];
    private readonly List<AuditRecord> _audit = [];

    /// <summary>Whether the state changed (and must be written).</summary>
    public bool Changed { get; set; }

    /// <summary>The index row to reserve before the first write of a new goal.</summary>
    public ReserveIndex? Reserve { get; set; }

    /// <summary>Whether to write the index row even if its listed status did not change (repairs, resumes).</summary>
    public bool RefreshIndex { get; set; }

    /// <summary>Whether to remove an orphaned index row.</summary>
    public bool RemoveIndex { get; set; }

    /// <summary>A plan to ask the model planner for.</summary>
    public Abstractions.Planning.ModelPlanRequest? PlanRequest { get; set; }

    /// <summary>The finished goal to hand to the finished handlers.</summary>
    public NotifyGoalFinished? Notify { get; set; }

    /// <summary>Steps to start, in the order they became ready.</summary>
    public IList<StepWork> Dispatch => _dispatch;

    /// <summary>Adds an event.</summary>
    public void Emit(GoalEvent goalEvent) => _events.Add(goalEvent);

    /// <summary>Adds a step run to stop.</summary>
    public void Cancel(string stepId) => _cancel.Add(stepId);

    /// <summary>Adds an audit entry.</summary>
    public void Audit(AuditRecord entry) => _audit.Add(entry);

    /// <summary>Forgets everything, for the next transition.</summary>
    public void Reset()
    {
        _events.Clear();
        _dispatch.Clear();
        _cancel.Clear();
        _audit.Clear();
        Changed = false;
        Reserve = null;
        RefreshIndex = false;
        RemoveIndex = false;
        PlanRequest = null;
        Notify = null;
    }

    /// <summary>The effects, in order; <paramref name="index"/> is the row to write when the listed status changed
    /// or a refresh was asked for (null: leave the index alone).</summary>
    public List<GoalEffect> Effects(Abstractions.Storage.GoalIndexEntry? index)
    {
        var effects = new List<GoalEffect>(8);
        if (Reserve is not null)
        {
            effects.Add(Reserve);
        }

        effects.Add(new PersistState(Changed));
        if (_events.Count > 0)
        {
            effects.Add(new EmitEvents(_events.ToArray()));
        }

        if (index is not null)
        {
            effects.Add(new UpdateIndex(index));
        }

        if (RemoveIndex)
        {
            effects.Add(new RemoveIndex());
        }

        if (_dispatch.Count > 0)
        {
            effects.Add(new DispatchSteps(_dispatch.ToArray()));
        }

        if (_cancel.Count > 0)
        {
            effects.Add(new CancelStepRuns(_cancel.ToArray()));
        }

        if (_audit.Count > 0)
        {
            effects.Add(new AppendAudit(_audit.ToArray()));
        }

        if (PlanRequest is not null)
        {
            effects.Add(new RequestPlan(PlanRequest.Submission, PlanRequest));
        }

        if (Notify is not null)
        {
            effects.Add(Notify);
        }

        return effects;
    }
}
