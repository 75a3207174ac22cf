using PAI.Abstractions.Goals;
using PAI.Abstractions.Steps;

namespace PAI.Bench.Baseline;

/// <summary>The baseline's stand-in for a goal: runs a plan through plain grain calls, in memory, with no persistence.</summary>
public interface IBaselineCoordinatorGrain : IGrainWithStringKey
{
    /// <summary>Takes the plan and starts its ready steps.</summary>
    Task StartAsync(PlanSpec plan);

    /// <summary>Records a step's outcome and starts the steps it unblocks.</summary>
    Task OnStepFinishedAsync(StepOutcome outcome);

    /// <summary>True once every step has finished.</summary>
    Task<bool> IsDoneAsync();
}
