namespace PAI.Abstractions.Goals;

/// <summary>A step as the API shows it.</summary>
[GenerateSerializer, Immutable]
public sealed record StepView(
    [property: Id(0)] string Id,
    [property: Id(1)] string? Tool,
    [property: Id(2)] StepStatus Status,
    [property: Id(3)] int Attempts,
    [property: Id(4)] DateTimeOffset? StartedAt,
    [property: Id(5)] DateTimeOffset? FinishedAt,
    [property: Id(6)] string? Output,
    [property: Id(7)] string? Error,
    [property: Id(8)] IReadOnlyList<string> DependsOn,
    [property: Id(9)] string? Skill = null,
    [property: Id(10)] DateTimeOffset? ApprovalRequestedAt = null,
    [property: Id(11)] string? Agent = null,
    [property: Id(12)] string? Task = null,
    [property: Id(13)] string? ApprovalRequest = null);
