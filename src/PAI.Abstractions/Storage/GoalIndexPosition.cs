namespace PAI.Abstractions.Storage;

/// <summary>
/// A place in the goal index's newest-first order (creation time, then id): a listing that starts after it continues
/// where the previous page ended, whatever was inserted since (new goals sort before it).
/// </summary>
/// <param name="CreatedAt">The creation time of the last goal already seen.</param>
/// <param name="Id">Its id, which breaks ties between goals created at the same instant.</param>
public sealed record GoalIndexPosition(DateTimeOffset CreatedAt, string Id);
