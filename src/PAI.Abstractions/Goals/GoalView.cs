using PAI.Abstractions.Planning;

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
    [property: Id(9)] string? Skill,
    [property: Id(10)] int PlanVersion = 0,
    [property: Id(11)] IReadOnlyList<PlanningRecord>? Plans = null,
    [property: Id(12)] IReadOnlyDictionary<string, Models.ModelUsage>? UsageByModel = null,
    [property: Id(13)] IReadOnlyList<StepSpec>? Plan = null,
    [property: Id(14)] Models.GoalBudget? Budget = null);
