using PAI.Abstractions.Goals;

namespace PAI.Abstractions.Storage;

/// <summary>One row of the goal index: what listing and resuming need without loading grain state.</summary>
/// <param name="HandlersPending">True while a finished goal's <c>IGoalFinishedHandler</c>s (memory write-back) have not
/// all taken it: the row already shows the terminal <paramref name="Status"/> (lists, counts and quotas are right at
/// once), and the resume scan still finds the goal to deliver it again after a crash.</param>
[GenerateSerializer, Immutable]
public sealed record GoalIndexEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] string Owner,
    [property: Id(2)] string Title,
    [property: Id(3)] GoalStatus Status,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset UpdatedAt,
    [property: Id(6)] int StepCount,
    [property: Id(7)] bool HandlersPending = false);
