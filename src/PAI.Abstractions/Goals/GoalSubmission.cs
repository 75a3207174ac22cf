namespace PAI.Abstractions.Goals;

/// <summary>What a person asked for, as submitted over the API.</summary>
/// <param name="Title">Short human title.</param>
/// <param name="Description">Free text.</param>
/// <param name="Skill">A named skill whose step template becomes the plan.</param>
/// <param name="Inputs">Goal inputs as a JSON object.</param>
/// <param name="Plan">An explicit plan.</param>
/// <param name="Schedule">A cron expression for recurring goals.</param>
/// <param name="Agent">The agent every step runs as unless the step names one.</param>
/// <param name="Budget">Limits on the goal's model work (tokens, turns, deadline); null: unlimited.</param>
[GenerateSerializer, Immutable]
public sealed record GoalSubmission(
    [property: Id(0)] string Title,
    [property: Id(1)] string? Description,
    [property: Id(2)] string? Skill,
    [property: Id(3)] string? Inputs,
    [property: Id(4)] PlanSpec? Plan,
    [property: Id(5)] string? Schedule,
    [property: Id(6)] string? Agent = null,
    [property: Id(7)] Models.GoalBudget? Budget = null);
