namespace PAI.Engine.Goals;

/// <summary>The settings <see cref="GoalMachine"/> decides by (from <see cref="EngineOptions"/>).</summary>
/// <param name="MaxParallelSteps">How many steps of one goal may run at once.</param>
/// <param name="ApprovalTimeout">How long a step waits for approval before it counts as rejected.</param>
/// <param name="MaxStepInputBytes">Largest resolved step input, in UTF-8 bytes.</param>
/// <param name="MaxGoalStateBytes">Largest goal state (submission, outputs, errors, result), in UTF-8 bytes, estimated.</param>
/// <param name="NotifyFinished">Whether finished handlers are registered; without any, a goal's finish is handled at once.</param>
/// <param name="MaxReplans">How often a model-planned goal may be re-planned after a step failed for good.</param>
public sealed record GoalMachineOptions(
    int MaxParallelSteps,
    TimeSpan ApprovalTimeout,
    int MaxStepInputBytes,
    long MaxGoalStateBytes,
    bool NotifyFinished,
    int MaxReplans = 0)
{
    /// <summary>The machine's settings from the engine's.</summary>
    public static GoalMachineOptions From(EngineOptions options, bool notifyFinished) => new(
        options.MaxParallelStepsPerGoal,
        options.ApprovalTimeout,
        options.MaxStepInputBytes,
        options.MaxGoalStateBytes,
        notifyFinished,
        options.MaxReplans);
}
