using PAI.Abstractions.Goals;

namespace PAI.Engine.Goals;

/// <summary>What a goal knows about one of its steps.</summary>
[GenerateSerializer]
public sealed class GoalStepState
{
    /// <summary>The step as planned.</summary>
    [Id(0)] public StepSpec Spec { get; set; } = null!;

    /// <summary>Current status.</summary>
    [Id(1)] public StepStatus Status { get; set; }

    /// <summary>Attempts started so far (crash-interrupted ones included).</summary>
    [Id(2)] public int Attempts { get; set; }

    /// <summary>When it was first dispatched.</summary>
    [Id(3)] public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When it finished.</summary>
    [Id(4)] public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Output JSON.</summary>
    [Id(5)] public string? Output { get; set; }

    /// <summary>Error message.</summary>
    [Id(6)] public string? Error { get; set; }

    /// <summary>True once a person approved the step (steps that need approval run only then).</summary>
    [Id(7)] public bool Approved { get; set; }

    /// <summary>When the step started waiting for approval (its timeout counts from here).</summary>
    [Id(8)] public DateTimeOffset? ApprovalRequestedAt { get; set; }

    /// <summary>How often a person approved the step (a model phase may ask more than once).</summary>
    [Id(9)] public int Approvals { get; set; }

    /// <summary>What a running step asked a person to approve (a model's tool call), while it waits.</summary>
    [Id(10)] public string? ApprovalRequest { get; set; }
}
