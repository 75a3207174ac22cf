using PAI.Abstractions.Goals;

namespace PAI.Abstractions.Planning;

/// <summary>What the model planner is asked: a plan for a goal, or a revised plan for what is left of it.</summary>
/// <param name="GoalId">The goal.</param>
/// <param name="Principal">Its owner.</param>
/// <param name="Submission">What was submitted.</param>
/// <param name="Version">The plan version to produce (1 for the first plan).</param>
/// <param name="Replan">For a re-plan: what failed and what is kept.</param>
[GenerateSerializer, Immutable]
public sealed record ModelPlanRequest(
    [property: Id(0)] string GoalId,
    [property: Id(1)] string Principal,
    [property: Id(2)] GoalSubmission Submission,
    [property: Id(3)] int Version,
    [property: Id(4)] ReplanContext? Replan = null);
