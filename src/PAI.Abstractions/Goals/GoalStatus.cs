namespace PAI.Abstractions.Goals;

/// <summary>The lifecycle of a goal, as the HTTP contract v1 names it.</summary>
[GenerateSerializer]
public enum GoalStatus
{
    /// <summary>Accepted and stored; not yet planned.</summary>
    Pending = 0,
    /// <summary>The planner is producing the DAG.</summary>
    Planning = 1,
    /// <summary>Steps are running or waiting for their dependencies.</summary>
    Running = 2,
    /// <summary>At least one step waits for a person's decision.</summary>
    WaitingForApproval = 3,
    /// <summary>Every step succeeded.</summary>
    Succeeded = 4,
    /// <summary>A step failed; its dependants were skipped.</summary>
    Failed = 5,
    /// <summary>Cancelled by its owner.</summary>
    Cancelled = 6,
}
