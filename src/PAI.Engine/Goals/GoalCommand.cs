using PAI.Abstractions.Goals;
using PAI.Abstractions.Planning;
using PAI.Abstractions.Steps;

namespace PAI.Engine.Goals;

/// <summary>Something that may change a goal: the input of <see cref="GoalMachine.Apply"/>.</summary>
public abstract record GoalCommand;

/// <summary>
/// Store a new goal. With a plan (the fast path: an explicit plan or a skill's template, planned synchronously) the goal
/// starts <c>Running</c>; without one it is stored <c>Planning</c> and asks for a plan (<see cref="RequestPlan"/>), which
/// <see cref="PlanReady"/> delivers. On a goal that exists: <see cref="GoalAnswer.Duplicate"/> or <see cref="GoalAnswer.Conflict"/>.
/// </summary>
public sealed record SubmitGoal(string GoalId, string Principal, GoalSubmission Submission, string BodyDigest, PlanSpec? Plan) : GoalCommand;

/// <summary>The planner answered a <see cref="RequestPlan"/>: a valid plan starts the goal, errors fail it.</summary>
public sealed record PlanReady(PlanResult Result) : GoalCommand;

/// <summary>A step run started attempt <paramref name="Attempt"/> (for the attempt count and a <c>Retrying</c> event).</summary>
public sealed record RecordStepAttempt(string StepId, int Attempt) : GoalCommand;

/// <summary>A step run finished: its outcome is recorded and whatever it enables decided.</summary>
public sealed record RecordStepOutcome(StepOutcome Outcome) : GoalCommand;

/// <summary>A step's model calls cost this much (added to the goal's usage; the answer says whether the budget lasts).</summary>
public sealed record RecordModelUsage(Abstractions.Models.ModelUsageReport Report) : GoalCommand;

/// <summary>A person approves or rejects a step waiting for approval.</summary>
public sealed record DecideApproval(string StepId, string Principal, bool Approve) : GoalCommand;

/// <summary>Cancel the goal and every unfinished step.</summary>
public sealed record CancelGoal(string Principal) : GoalCommand;

/// <summary>Reject every step whose approval has waited longer than <see cref="GoalMachineOptions.ApprovalTimeout"/>.</summary>
public sealed record ExpireApprovals : GoalCommand;

/// <summary>
/// The periodic re-drive of work in flight: re-dispatch running steps (a lost silo, a lost message), ask again for a
/// plan, deliver the finished goal again to handlers that have not taken it, and bring the index row up to date.
/// </summary>
public sealed record WatchdogTick : GoalCommand;

/// <summary>The resume scan found this goal's index row unfinished: a <see cref="WatchdogTick"/>, or, when no state
/// exists, the removal of a reservation left by a submit that never became durable.</summary>
public sealed record ResumeGoal : GoalCommand;

/// <summary>Every finished handler took the goal (<see cref="NotifyGoalFinished"/>).</summary>
public sealed record FinishedHandled : GoalCommand;
