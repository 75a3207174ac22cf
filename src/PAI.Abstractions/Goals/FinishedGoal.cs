namespace PAI.Abstractions.Goals;

/// <summary>A goal that reached a terminal status, as handed to every <see cref="IGoalFinishedHandler"/>.</summary>
/// <param name="GoalId">The goal.</param>
/// <param name="Owner">The principal that submitted it.</param>
/// <param name="Title">Its title.</param>
/// <param name="Submission">What was submitted.</param>
/// <param name="Status">Succeeded, Failed or Cancelled.</param>
/// <param name="Steps">Every step's outcome, in plan order.</param>
/// <param name="Result">The result (a JSON object of the outputs of the steps nothing depends on), when it succeeded.</param>
/// <param name="Error">Why it failed or was cancelled.</param>
/// <param name="CreatedAt">When it was accepted.</param>
/// <param name="FinishedAt">When it finished.</param>
[GenerateSerializer, Immutable]
public sealed record FinishedGoal(
    [property: Id(0)] string GoalId,
    [property: Id(1)] string Owner,
    [property: Id(2)] string Title,
    [property: Id(3)] GoalSubmission Submission,
    [property: Id(4)] GoalStatus Status,
    [property: Id(5)] IReadOnlyList<FinishedStep> Steps,
    [property: Id(6)] string? Result,
    [property: Id(7)] string? Error,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset FinishedAt);
