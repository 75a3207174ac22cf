using PAI.Abstractions.Goals;

namespace PAI.Abstractions.Steps;

/// <summary>What a goal hands a StepRun: the step with its references already resolved.</summary>
/// <param name="GoalId">The owning goal.</param>
/// <param name="StepId">The step.</param>
/// <param name="Tool">The tool to call; null for a skill step (state written before this change holds "" there).</param>
/// <param name="Input">Resolved input JSON object.</param>
/// <param name="Retry">Retry policy.</param>
/// <param name="Timeout">Limit for one attempt, or null for the tool's default.</param>
/// <param name="Principal">Who owns the goal.</param>
/// <param name="Agent">The agent the step runs as (null: the default agent).</param>
/// <param name="Skill">The skill to run instead of a tool (then <paramref name="Tool"/> is null).</param>
/// <param name="Task">An agent's task, resolved (then <paramref name="Tool"/> and <paramref name="Skill"/> are null).</param>
/// <param name="Approvals">How often a person approved this step so far (a model phase's call that needs approval runs
/// once a later approval than the one it asked after has been given).</param>
/// <param name="Budget">The goal's model budget, if any.</param>
/// <param name="GoalCreatedAt">When the goal was accepted (its budget's deadline counts from here).</param>
[GenerateSerializer, Immutable]
public sealed record StepWork(
    [property: Id(0)] string GoalId,
    [property: Id(1)] string StepId,
    [property: Id(2)] string? Tool,
    [property: Id(3)] string Input,
    [property: Id(4)] RetrySpec Retry,
    [property: Id(5)] TimeSpan? Timeout,
    [property: Id(6)] string Principal,
    [property: Id(7)] string? Agent = null,
    [property: Id(8)] string? Skill = null,
    [property: Id(9)] string? Task = null,
    [property: Id(10)] int Approvals = 0,
    [property: Id(11)] Models.GoalBudget? Budget = null,
    [property: Id(12)] DateTimeOffset? GoalCreatedAt = null);
