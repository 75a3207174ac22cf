namespace PAI.Abstractions.Goals;

/// <summary>The lifecycle of a goal, as the HTTP contract v1 names it.</summary>
[GenerateSerializer]
public enum GoalStatus
{
    /// <summary>
    /// Being submitted: the goal's index row is reserved and its state is not yet durable (nothing was acknowledged).
    /// Only the goal index ever holds it, for milliseconds; a row left so by a crash is removed by the resume scan.
    /// Never shown by GET and never held by a goal's state (the value stays 0: stored rows keep their meaning).
    /// </summary>
    Pending = 0,
    /// <summary>Stored and acknowledged; the planner is producing the DAG.</summary>
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
