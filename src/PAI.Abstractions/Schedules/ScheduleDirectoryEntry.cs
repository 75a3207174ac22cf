namespace PAI.Abstractions.Schedules;

/// <summary>A schedule in the directory: enough to list it and to find it after a restart.</summary>
[GenerateSerializer, Immutable]
public sealed record ScheduleDirectoryEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] string Owner,
    [property: Id(2)] string Name,
    [property: Id(3)] DateTimeOffset CreatedAt);
