using PAI.Abstractions.Audit;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Steps;
using PAI.Abstractions.Storage;

namespace PAI.Engine.Goals;

/// <summary>
/// Something the grain must do for a transition, in the order the machine lists them. Everything after a
/// <see cref="PersistState"/> is enabled by the state it persists and may start only once that is durable.
/// </summary>
public abstract record GoalEffect;

/// <summary>
/// Write the state (<paramref name="Changed"/>), or, when the transition changed nothing, wait until every write asked for
/// so far is durable (an answer or a re-dispatch must never rest on memory the store may not hold).
/// </summary>
public sealed record PersistState(bool Changed) : GoalEffect;

/// <summary>Before a new goal's first state write: reserve its index row as <see cref="GoalStatus.Pending"/>, so that a
/// goal whose state exists is always found by the resume scan. If the state write then fails, remove the row.</summary>
public sealed record ReserveIndex(GoalIndexEntry Entry) : GoalEffect;

/// <summary>Write the goal's index row (idempotent: the grain may skip a row it already wrote).</summary>
public sealed record UpdateIndex(GoalIndexEntry Entry) : GoalEffect;

/// <summary>Remove the index row of a goal that has no state (an orphaned reservation).</summary>
public sealed record RemoveIndex : GoalEffect;

/// <summary>Tell subscribers about these transitions (in sequence order).</summary>
public sealed record EmitEvents(IReadOnlyList<GoalEvent> Events) : GoalEffect;

/// <summary>Start these step runs (<c>StartAsync</c> is idempotent, so a repeat is harmless).</summary>
public sealed record DispatchSteps(IReadOnlyList<StepWork> Work) : GoalEffect;

/// <summary>Tell these steps' runs to stop.</summary>
public sealed record CancelStepRuns(IReadOnlyList<string> StepIds) : GoalEffect;

/// <summary>Append these audit entries.</summary>
public sealed record AppendAudit(IReadOnlyList<AuditRecord> Entries) : GoalEffect;

/// <summary>Ask the model planner for a plan (or a re-plan) of this submission; its answer comes back as <see cref="PlanReady"/>.</summary>
public sealed record RequestPlan(GoalSubmission Submission, Abstractions.Planning.ModelPlanRequest Request) : GoalEffect;

/// <summary>
/// Hand the finished goal to every <see cref="IGoalFinishedHandler"/>, then apply <see cref="FinishedHandled"/>.
/// <paramref name="Redelivery"/> is false the first time (the goal has just finished), true when re-driven.
/// </summary>
public sealed record NotifyGoalFinished(FinishedGoal Goal, bool Redelivery) : GoalEffect;
