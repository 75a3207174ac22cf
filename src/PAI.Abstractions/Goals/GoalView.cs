namespace PAI.Abstractions.Goals;

/// <summary>A goal as the API shows it.</summary>
[GenerateSerializer, Immutable]
public sealed record GoalView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] GoalStatus Status,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset UpdatedAt,
    [property: Id(5)] IReadOnlyList<StepView> Steps,
    [property: Id(6)] string? Result,
    [property: Id(7)] string? Error,
    [property: Id(8)] string Owner,
    [property: Id(9)] string? Skill);
