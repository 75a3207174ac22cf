namespace PAI.Abstractions.Schedules;

/// <summary>A schedule as its grain reports it.</summary>
/// <param name="Id">The schedule id.</param>
/// <param name="Owner">The principal whose goals it submits.</param>
/// <param name="Definition">When and what.</param>
/// <param name="Paused">True while paused.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="LastFireTime">The latest fire time decided (submitted, queued or skipped).</param>
/// <param name="LastGoalId">The goal of the latest submitted fire.</param>
/// <param name="QueuedFireTime">A fire waiting for the previous goal (overlap <c>queue</c>).</param>
/// <param name="Next">The next fire times (none while paused).</param>
/// <param name="Recent">The latest fires, newest first.</param>
[GenerateSerializer, Immutable]
public sealed record ScheduleView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Owner,
    [property: Id(2)] ScheduleDefinition Definition,
    [property: Id(3)] bool Paused,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset? LastFireTime,
    [property: Id(6)] string? LastGoalId,
    [property: Id(7)] DateTimeOffset? QueuedFireTime,
    [property: Id(8)] IReadOnlyList<DateTimeOffset> Next,
    [property: Id(9)] IReadOnlyList<ScheduleFire> Recent);
