using PAI.Abstractions.Goals;

namespace PAI.Host.Apis;

/// <summary>The body of a 202: the goal's id and status.</summary>
public sealed record SubmittedGoal(string Id, GoalStatus Status);
