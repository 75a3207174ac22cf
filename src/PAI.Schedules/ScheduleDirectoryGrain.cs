using PAI.Abstractions.Schedules;
using PAI.Abstractions.Storage;

namespace PAI.Schedules;

/// <summary>
/// Every schedule of the service in one grain's state (schedules are few: <see cref="ScheduleOptions.MaxPerPrincipal"/>
/// each), so listing and the start-up scan need no table of their own on either store. Changes are rare; reads are
/// answered from memory.
/// </summary>
public sealed class ScheduleDirectoryGrain(
    [PersistentState("schedules", StorageNames.Grains)] IPersistentState<ScheduleDirectoryState> state) : Grain, IScheduleDirectoryGrain
{
    /// <inheritdoc />
    public async Task<bool> AddAsync(ScheduleDirectoryEntry entry, int maxPerOwner)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (state.State.Entries.ContainsKey(entry.Id))
        {
            return true;
        }

        if (state.State.Entries.Values.Count(e => e.Owner == entry.Owner) >= maxPerOwner)
        {
            return false;
        }

        state.State.Entries[entry.Id] = entry;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Entries.Remove(entry.Id);
            throw;
        }

        return true;
    }

    /// <inheritdoc />
    public async Task RemoveAsync(string id)
    {
        if (state.State.Entries.Remove(id, out var removed))
        {
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                state.State.Entries[id] = removed;
                throw;
            }
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ScheduleDirectoryEntry>> ListAsync(string? owner, ScheduleDirectoryEntry? after, int limit)
    {
        IEnumerable<ScheduleDirectoryEntry> entries = state.State.Entries.Values;
        if (owner is not null)
        {
            entries = entries.Where(e => e.Owner == owner);
        }

        if (after is not null)
        {
            entries = entries.Where(e => e.CreatedAt > after.CreatedAt || (e.CreatedAt == after.CreatedAt && string.CompareOrdinal(e.Id, after.Id) > 0));
        }

        IReadOnlyList<ScheduleDirectoryEntry> page = entries
            .OrderBy(e => e.CreatedAt)
            .ThenBy(e => e.Id, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
        return Task.FromResult(page);
    }
}
