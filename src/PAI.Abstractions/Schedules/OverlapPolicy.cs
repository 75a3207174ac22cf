namespace PAI.Abstractions.Schedules;

/// <summary>What a fire does while the goal of the previous fire is still unfinished.</summary>
[GenerateSerializer]
public enum OverlapPolicy
{
    /// <summary>The fire is skipped (recorded, no goal).</summary>
    Skip = 0,

    /// <summary>The fire waits until the previous goal finishes, then runs; at most one waits, later fires are skipped.</summary>
    Queue = 1,

    /// <summary>The fire runs anyway; goals may overlap.</summary>
    Allow = 2,
}
