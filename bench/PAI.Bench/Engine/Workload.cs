namespace PAI.Bench.Engine;

/// <summary>One throughput workload: <see cref="Goals"/> concurrent goals of <see cref="StepsPerGoal"/> steps each.</summary>
public sealed record Workload(string Name, int Goals, int StepsPerGoal, WorkloadShape Shape)
{
    /// <summary>Steps in the whole workload.</summary>
    public int TotalSteps => Goals * StepsPerGoal;

    /// <summary>A short description, e.g. <c>1 x 1000 parallel</c>.</summary>
    public string Description => $"{Goals} x {StepsPerGoal} {Shape.ToString().ToLowerInvariant()}";
}
