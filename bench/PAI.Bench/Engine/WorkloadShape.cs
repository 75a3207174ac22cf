namespace PAI.Bench.Engine;

/// <summary>How the steps of one goal depend on each other.</summary>
public enum WorkloadShape
{
    /// <summary>No dependencies: every step is ready at once.</summary>
    Parallel,

    /// <summary>Each step depends on the one before.</summary>
    Chained,
}
