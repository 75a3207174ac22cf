namespace PAI.Abstractions.Goals;

/// <summary>The lifecycle of one step of a plan.</summary>
[GenerateSerializer]
public enum StepStatus
{
    /// <summary>Waiting for its dependencies.</summary>
    Pending = 0,
    /// <summary>Dispatched to its StepRun grain.</summary>
    Running = 1,
    /// <summary>Paused until a person approves or rejects it.</summary>
    WaitingForApproval = 2,
    /// <summary>Finished with an output.</summary>
    Succeeded = 3,
    /// <summary>Exhausted its attempts or hit a permanent error.</summary>
    Failed = 4,
    /// <summary>Not run because a dependency did not succeed.</summary>
    Skipped = 5,
    /// <summary>Stopped by a cancel.</summary>
    Cancelled = 6,
}
