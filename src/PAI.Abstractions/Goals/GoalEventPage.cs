namespace PAI.Abstractions.Goals;

/// <summary>
/// A read of a goal's event feed after a position: the durable events that follow it, in order, or — when the goal
/// no longer keeps the events right after that position — a snapshot of the goal and the position it stands at.
/// </summary>
/// <param name="Events">Events after the position asked for (or after <paramref name="Position"/> with a snapshot), in order, gap-free.</param>
/// <param name="Snapshot">Set when the events right after the position asked for are no longer kept (or none was given).</param>
/// <param name="Position">The sequence of the last event the snapshot includes; 0 without a snapshot.</param>
/// <param name="Finished">The goal is finished and no event follows this page's last (or the snapshot).</param>
[GenerateSerializer, Immutable]
public sealed record GoalEventPage(
    [property: Id(0)] IReadOnlyList<GoalEvent> Events,
    [property: Id(1)] GoalView? Snapshot,
    [property: Id(2)] long Position,
    [property: Id(3)] bool Finished);
