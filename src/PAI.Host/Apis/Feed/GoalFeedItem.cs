using PAI.Abstractions.Goals;

namespace PAI.Host.Apis.Feed;

/// <summary>
/// One item of a goal's feed: a snapshot of the whole goal, or one event. <see cref="Position"/> is what a watcher
/// passes back to resume after this item (SSE's <c>Last-Event-ID</c>, gRPC's <c>after</c>).
/// </summary>
/// <param name="Position">The sequence of the event, or the position the snapshot stands at; for live output (an event
/// with sequence 0, not stored), the position of the last event before it.</param>
/// <param name="Snapshot">The goal as it stands, for a snapshot item.</param>
/// <param name="Event">The event, for an event item.</param>
public sealed record GoalFeedItem(long Position, GoalView? Snapshot, GoalEvent? Event);
