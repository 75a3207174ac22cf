using PAI.Abstractions.Goals;
using PAI.Engine.Persistence;

namespace PAI.Engine.Grains;

/// <summary>The persisted state of a goal: its submission, its plan and one record per step. Size is O(steps).</summary>
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

    /// <summary>True once the goal has been submitted.</summary>
    public bool Exists => Submission is not null;
}
