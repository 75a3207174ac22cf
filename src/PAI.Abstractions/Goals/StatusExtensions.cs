namespace PAI.Abstractions.Goals;

/// <summary>Terminal-state tests for goal and step statuses.</summary>
public static class StatusExtensions
{
    /// <summary>True when the goal can no longer change.</summary>
    public static bool IsTerminal(this GoalStatus status) =>
        status is GoalStatus.Succeeded or GoalStatus.Failed or GoalStatus.Cancelled;

    /// <summary>True when the step can no longer change.</summary>
    public static bool IsTerminal(this StepStatus status) =>
        status is StepStatus.Succeeded or StepStatus.Failed or StepStatus.Skipped or StepStatus.Cancelled;
}
