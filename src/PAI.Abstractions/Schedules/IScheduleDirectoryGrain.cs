namespace PAI.Abstractions.Schedules;

/// <summary>Every schedule of the service (one grain, key 0): for listing, quotas on their number, and the start-up scan.</summary>
public interface IScheduleDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Adds a schedule; false when its owner already has <paramref name="maxPerOwner"/> schedules.</summary>
    Task<bool> AddAsync(ScheduleDirectoryEntry entry, int maxPerOwner);

    /// <summary>Removes a schedule.</summary>
    Task RemoveAsync(string id);

    /// <summary>One page, oldest first (creation time, then id), of one owner's schedules or (owner null) everyone's.</summary>
    Task<IReadOnlyList<ScheduleDirectoryEntry>> ListAsync(string? owner, ScheduleDirectoryEntry? after, int limit);
}
