namespace PAI.Abstractions.Goals;

/// <summary>A step as the API shows it.</summary>
/// <remarks><see cref="ApprovalRequestedAt"/> is when the step began waiting for a person (kept after the decision);
/// <see cref="Input"/> is the step's input as planned (JSON, <c>${...}</c> references unresolved); <see cref="Agent"/>
/// the agent it runs as; <see cref="Approval"/> whether it waits for a person before it runs.</remarks>
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
    [property: Id(13)] string? ApprovalRequest = null,
    [property: Id(14)] string? Input = null,
    [property: Id(15)] bool Approval = false);
