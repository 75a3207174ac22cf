using PAI.Abstractions.Goals;

namespace PAI.Abstractions.Planning;

/// <summary>Turns a submission into a validated DAG. Stateless worker.</summary>
public interface IPlannerGrain : IGrainWithIntegerKey
{
    /// <summary>Validates an explicit plan or expands a named skill's step template.</summary>
    Task<PlanResult> PlanAsync(GoalSubmission submission);
}
