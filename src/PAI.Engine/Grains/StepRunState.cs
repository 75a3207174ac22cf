using PAI.Abstractions.Steps;
using PAI.Engine.Persistence;

namespace PAI.Engine.Grains;

/// <summary>
/// The persisted state of one step run. The final outcome is not kept here: the goal persists it, and a step whose
/// outcome the goal never recorded simply runs again under the same idempotency key.
/// </summary>
[GenerateSerializer]
public sealed class StepRunState : IRevisioned
{
    /// <summary>The layout this version writes. Bump it when a change needs old state converted, and keep a fixture of
    /// every released layout in tests/PAI.Engine.Tests/Fixtures; 0 is state written before versions were recorded
    /// (the same layout as 1).</summary>
    public const int CurrentVersion = 1;

    /// <inheritdoc />
    [Id(0)] public long Revision { get; set; }

    /// <inheritdoc />
    [Id(8)] public string? WriterId { get; set; }

    /// <summary>What to run.</summary>
    [Id(1)] public StepWork? Work { get; set; }

    /// <summary>Attempts started, crash-interrupted ones included.</summary>
    [Id(2)] public int Attempts { get; set; }

    /// <summary>Attempts that ended in a tool failure or timeout (these count against the retry policy).</summary>
    [Id(3)] public int FailedAttempts { get; set; }

    /// <summary>When the first attempt started.</summary>
    [Id(4)] public DateTimeOffset? StartedAt { get; set; }

    /// <summary>Small durable values the tool keeps across attempts (e.g. a timer's deadline).</summary>
    [Id(5)] public Dictionary<string, string> Checkpoint { get; set; } = [];

    /// <summary>The last failure, for the final error message.</summary>
    [Id(6)] public string? LastError { get; set; }

    /// <summary>The skill run's progress, for steps that run a skill.</summary>
    [Id(7)] public Skills.SkillRunState? Skill { get; set; }

    /// <summary>The layout version that wrote this state (<see cref="CurrentVersion"/> for this build).</summary>
    [Id(9)] public int Version { get; set; }
}
