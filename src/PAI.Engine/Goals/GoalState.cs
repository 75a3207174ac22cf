using PAI.Abstractions.Goals;
using PAI.Engine.Persistence;

namespace PAI.Engine.Goals;

/// <summary>
/// The persisted state of a goal: its submission, its plan and one record per step. Size is O(steps), bounded by
/// <see cref="EngineOptions.MaxGoalStateBytes"/>. Changed only by <see cref="GoalMachine"/>.
/// </summary>
/// <remarks>
/// Stored with Orleans' binary serializer: members are found by <c>[Id]</c>, so never renumber one, add new members at
/// the end, and bump <see cref="CurrentVersion"/> (with an upgrade step in <see cref="GoalMachine"/> and a new fixture
/// under tests/PAI.Engine.Tests/Fixtures) when a release changes what a stored field means.
/// </remarks>
[GenerateSerializer]
public sealed class GoalState : IRevisioned
{
    /// <inheritdoc />
    [Id(0)] public long Revision { get; set; }

    /// <inheritdoc />
    [Id(13)] public string? WriterId { get; set; }

    /// <summary>The goal id.</summary>
    [Id(1)] public string Id { get; set; } = "";

    /// <summary>The principal that submitted it.</summary>
    [Id(2)] public string Owner { get; set; } = "";

    /// <summary>What was submitted; null while the goal does not exist.</summary>
    [Id(3)] public GoalSubmission? Submission { get; set; }

    /// <summary>Digest of the request body, to tell a retried submission from a conflicting one.</summary>
    [Id(4)] public string BodyDigest { get; set; } = "";

    /// <summary>Current status.</summary>
    [Id(5)] public GoalStatus Status { get; set; }

    /// <summary>When it was accepted.</summary>
    [Id(6)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Last transition.</summary>
    [Id(7)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The steps in plan order.</summary>
    [Id(8)] public List<GoalStepState> Steps { get; set; } = [];

    /// <summary>Why it failed.</summary>
    [Id(9)] public string? Error { get; set; }

    /// <summary>The last event sequence number handed out.</summary>
    [Id(10)] public long EventSequence { get; set; }

    /// <summary>When it reached a terminal status.</summary>
    [Id(11)] public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The result: outputs of the steps nothing depends on, as a JSON object.</summary>
    [Id(12)] public string? Result { get; set; }

    /// <summary>
    /// The layout version this state was written by: 0 for state written before versions existed (no finished-handler
    /// flag), 1 before plans had versions and goals kept model usage, 2 before usage by agent and the event log
    /// (<see cref="RecentEvents"/>; nothing to upgrade: its watchers get a snapshot), <see cref="CurrentVersion"/> for
    /// what this code writes.
    /// </summary>
    [Id(14)] public int Version { get; set; }

    /// <summary>True once every <c>IGoalFinishedHandler</c> has handled the finished goal (until then the index row's
    /// handlers-pending flag is set, so that the resume scan re-drives the handlers after a crash).</summary>
    [Id(15)] public bool FinishedHandled { get; set; }

    /// <summary>The version of the plan the steps follow: 1 for the first plan, one more per re-plan (0: no plan yet).</summary>
    [Id(16)] public int PlanVersion { get; set; }

    /// <summary>How each plan version came about (source, model, usage, memories recalled).</summary>
    [Id(17)] public List<Abstractions.Planning.PlanningRecord> Plans { get; set; } = [];

    /// <summary>Model usage by model id, planning and every step's model calls together.</summary>
    [Id(18)] public Dictionary<string, Abstractions.Models.ModelUsage> Usage { get; set; } = [];

    /// <summary>Re-plans made so far (bounded by <c>Pai:Engine:MaxReplans</c>).</summary>
    [Id(19)] public int Replans { get; set; }

    /// <summary>A step failed for good and a re-plan is due once no step runs any more (or is under way, while
    /// <see cref="Status"/> is <see cref="GoalStatus.Planning"/>).</summary>
    [Id(20)] public PendingReplan? PendingReplan { get; set; }

    /// <summary>Model usage by agent (the agents' loops; planning and <c>llm.*</c> steps count by model only). Since
    /// version 3; earlier state loads with it empty (usage from before is counted by model only).</summary>
    [Id(21)] public Dictionary<string, Abstractions.Models.ModelUsage> UsageByAgent { get; set; } = [];

    /// <summary>
    /// The latest events (at most <see cref="GoalEventLog.Capacity"/>), for watchers that resume after a reconnect; null
    /// until the first event (and in state written before the log existed, whose watchers get a snapshot).
    /// </summary>
    [Id(22)] public List<GoalEvent>? RecentEvents { get; set; }

    /// <summary>The layout version this code writes.</summary>
    public const int CurrentVersion = 3;

    /// <summary>True once the goal has been submitted.</summary>
    public bool Exists => Submission is not null;
}
