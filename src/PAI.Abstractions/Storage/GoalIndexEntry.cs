using PAI.Abstractions.Goals;

namespace PAI.Abstractions.Storage;

/// <summary>One row of the goal index: what listing and resuming need without loading grain state.</summary>
[GenerateSerializer, Immutable]
public sealed record GoalIndexEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] string Owner,
    [property: Id(2)] string Title,
    [property: Id(3)] GoalStatus Status,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset UpdatedAt,
    [property: Id(6)] int StepCount);
