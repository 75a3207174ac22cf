using PAI.Abstractions.Schedules;

namespace PAI.Schedules;

/// <summary>The directory's persisted state: every schedule by id.</summary>
[GenerateSerializer]
public sealed class ScheduleDirectoryState
{
    /// <summary>Schedules by id.</summary>
    [Id(0)]
    public Dictionary<string, ScheduleDirectoryEntry> Entries { get; set; } = new(StringComparer.Ordinal);
}
