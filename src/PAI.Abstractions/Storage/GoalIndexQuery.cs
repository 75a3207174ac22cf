using PAI.Abstractions.Goals;

namespace PAI.Abstractions.Storage;

/// <summary>One page of the goal index, newest first (creation time, then id, both descending).</summary>
/// <param name="Owner">Only this owner's goals; null for every owner.</param>
/// <param name="Status">Only goals with this status; null for all.</param>
/// <param name="Limit">At most this many entries.</param>
/// <param name="After">Only entries after this position in the order (the last entry of the previous page).</param>
/// <param name="TitleContains">Only goals whose title contains this text, ignoring case (a plain substring: no
/// wildcards; SQLite folds ASCII letters only); null for all.</param>
/// <param name="IdPrefix">Only goals whose id starts with this (a schedule's goals share one; see PAI.Schedules' ScheduleGoalIds).</param>
public sealed record GoalIndexQuery(string? Owner, GoalStatus? Status, int Limit, GoalIndexPosition? After = null, string? TitleContains = null, string? IdPrefix = null);
