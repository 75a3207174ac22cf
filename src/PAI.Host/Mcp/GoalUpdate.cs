using PAI.Host.Apis.Models;

namespace PAI.Host.Mcp;

/// <summary>One item of a watched goal: the goal as a whole (first), or one transition.</summary>
/// <param name="Snapshot">The goal, for the first item.</param>
/// <param name="Event">A transition, for every later item.</param>
public sealed record GoalUpdate(GoalResponse? Snapshot, GoalEventResponse? Event);
