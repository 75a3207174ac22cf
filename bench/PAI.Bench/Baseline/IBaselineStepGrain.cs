using PAI.Abstractions.Steps;

namespace PAI.Bench.Baseline;

/// <summary>The baseline's stand-in for a StepRun: acknowledges, runs the tool, reports to the coordinator. Key: <c>{coordinator}/{stepId}</c>.</summary>
public interface IBaselineStepGrain : IGrainWithStringKey
{
    /// <summary>Starts the step and returns at once (the StepRun returns once its attempt is durable).</summary>
    Task StartAsync(StepWork work);
}
