using PAI.Abstractions.Goals;

namespace PAI.Abstractions.Storage;

/// <summary>The queryable index of goals, kept beside grain state in the same store.</summary>
public interface IGoalIndex
{
    /// <summary>Inserts or updates the row for a goal; durable when the task completes.</summary>
    Task UpsertAsync(GoalIndexEntry entry, CancellationToken cancellationToken = default);

    /// <summary>One page, newest first (creation time, then id, both descending); see <see cref="GoalIndexQuery"/>.</summary>
    Task<IReadOnlyList<GoalIndexEntry>> ListAsync(GoalIndexQuery query, CancellationToken cancellationToken = default);

    /// <summary>The first page, newest first; <paramref name="owner"/> null means every owner.</summary>
    Task<IReadOnlyList<GoalIndexEntry>> ListAsync(string? owner, GoalStatus? status, int limit, CancellationToken cancellationToken = default) =>
        ListAsync(new GoalIndexQuery(owner, status, limit), cancellationToken);

    /// <summary>How many goals have each status (statuses with none are absent); <paramref name="owner"/> null means every owner.</summary>
    Task<IReadOnlyDictionary<GoalStatus, long>> CountByStatusAsync(string? owner, CancellationToken cancellationToken = default);

    /// <summary>Ids of goals that are not finished (for the resume scan).</summary>
    Task<IReadOnlyList<string>> ListUnfinishedAsync(CancellationToken cancellationToken = default);

    /// <summary>Ids of finished goals last updated before <paramref name="before"/> (for pruning).</summary>
    Task<IReadOnlyList<string>> ListFinishedBeforeAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken = default);

    /// <summary>Removes a goal's index row and all grain state whose key starts with the goal id.</summary>
    Task DeleteGoalAsync(string goalId, CancellationToken cancellationToken = default);
}
