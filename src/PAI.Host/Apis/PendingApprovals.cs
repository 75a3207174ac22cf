using System.Globalization;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Storage;
using PAI.Host.Apis.Json;
using PAI.Host.Apis.Models;
using PAI.Host.Apis.Paging;

namespace PAI.Host.Apis;

/// <summary>
/// Pages the steps waiting for a person across goals: the goal index names the goals listed
/// <see cref="GoalStatus.WaitingForApproval"/> (newest first), each goal's grain says which of its steps wait. The
/// cursor is the last step handed out: its goal's index position and its step id, so a page may end in the middle of a
/// goal's waiting steps and the next one continues there.
/// </summary>
internal static class PendingApprovals
{
    /// <summary>The list name in cursors.</summary>
    public const string CursorList = "approvals";

    /// <summary>One page, or the query errors.</summary>
    public static async Task<(Page<PendingApprovalResponse>? Page, List<FieldError> Errors)> PageAsync(
        IGoalIndex index, IGrainFactory grains, string? owner, string? limit, string? cursor, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var query = PageQuery.Parse(limit, cursor, CursorList, 3, errors);
        GoalIndexPosition? after = null;
        string? resumeStep = null;
        if (query.After is [var ticks, var goalId, var stepId])
        {
            if (long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t <= DateTimeOffset.MaxValue.UtcTicks)
            {
                after = new GoalIndexPosition(new DateTimeOffset(t, TimeSpan.Zero), goalId);
                resumeStep = stepId;
            }
            else
            {
                errors.Add(new("cursor", "the cursor is not one this API issued"));
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var items = new List<(GoalIndexPosition Goal, PendingApprovalResponse Item)>(query.Limit);
        var more = false;

        // The goal the previous page ended in: its waiting steps after the cursor's step come first.
        if (after is not null && resumeStep is not null && await VisibleAsync(grains, after.Id, owner) is { } current)
        {
            var waiting = current.Steps.Where(s => s.Status == StepStatus.WaitingForApproval).ToList();
            var from = waiting.FindIndex(s => s.Id == resumeStep) + 1;
            more = Add(items, after, current, waiting.Skip(from), query.Limit);
        }

        var batch = Math.Min(query.Limit + 1, PageQuery.MaxLimit);
        while (!more)
        {
            var entries = await index.ListAsync(new GoalIndexQuery(owner, GoalStatus.WaitingForApproval, batch, after), cancellationToken);
            var goals = await Task.WhenAll(entries.Select(e => VisibleAsync(grains, e.Id, owner)));
            for (var i = 0; i < entries.Count && !more; i++)
            {
                if (goals[i] is { } goal)
                {
                    var position = new GoalIndexPosition(entries[i].CreatedAt, entries[i].Id);
                    more = Add(items, position, goal, goal.Steps.Where(s => s.Status == StepStatus.WaitingForApproval), query.Limit);
                }
            }

            if (entries.Count < batch)
            {
                break;
            }

            after = new GoalIndexPosition(entries[^1].CreatedAt, entries[^1].Id);
        }

        string? next = null;
        if (more)
        {
            var (position, last) = items[^1];
            next = PageCursor.Encode(CursorList, position.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture), position.Id, last.StepId);
        }

        return (new Page<PendingApprovalResponse>(items.Select(x => x.Item).ToList(), next), errors);
    }

    /// <summary>Adds <paramref name="steps"/> until the page is full; true when a step was left over (there is more).</summary>
    private static bool Add(List<(GoalIndexPosition, PendingApprovalResponse)> items, GoalIndexPosition position, GoalView goal, IEnumerable<StepView> steps, int limit)
    {
        foreach (var step in steps)
        {
            if (items.Count == limit)
            {
                return true;
            }

            items.Add((position, PendingApprovalResponse.From(goal, step)));
        }

        return false;
    }

    private static async Task<GoalView?> VisibleAsync(IGrainFactory grains, string goalId, string? owner)
    {
        var view = await grains.GetGrain<IGoalGrain>(goalId).GetAsync();
        return view is not null && (owner is null || view.Owner == owner) ? view : null;
    }
}
