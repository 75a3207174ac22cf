using PAI.Abstractions.Goals;

namespace PAI.Engine.Skills;

/// <summary>The persisted progress of one skill run (kept in the StepRun grain's state, written after every phase).</summary>
[GenerateSerializer]
public sealed class SkillRunState
{
    /// <summary>The layout this version writes (see <c>StepRunState.CurrentVersion</c>); 0: written before versions were recorded.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The skill's name.</summary>
    [Id(0)] public string Skill { get; set; } = "";

    /// <summary>The skill's version the run started with (and keeps).</summary>
    [Id(1)] public string SkillVersion { get; set; } = "";

    /// <summary>The YAML of the skill and of every sub-skill, as they were when the run started.</summary>
    [Id(2)] public Dictionary<string, string> Sources { get; set; } = [];

    /// <summary>Where the run is.</summary>
    [Id(3)] public SkillStage Stage { get; set; }

    /// <summary>The next item of the current stage.</summary>
    [Id(4)] public int Index { get; set; }

    /// <summary>The next element of a <c>foreach</c> phase.</summary>
    [Id(5)] public int Item { get; set; }

    /// <summary>Outputs by phase key (JSON).</summary>
    [Id(6)] public Dictionary<string, string> Outputs { get; set; } = [];

    /// <summary>Why the run failed (cleanup still runs).</summary>
    [Id(7)] public string? Failure { get; set; }

    /// <summary>Failed or Cancelled, when <see cref="Failure"/> is set.</summary>
    [Id(8)] public StepStatus FailureStatus { get; set; } = StepStatus.Failed;

    /// <summary>How often each verify check sent the run back to an earlier phase.</summary>
    [Id(9)] public Dictionary<string, int> VerifyRetries { get; set; } = [];

    /// <summary>Workspace paths published by the commit.</summary>
    [Id(10)] public List<string> Published { get; set; } = [];

    /// <summary>The run's inputs (JSON object).</summary>
    [Id(11)] public string Inputs { get; set; } = "{}";

    /// <summary>The run's output once done.</summary>
    [Id(12)] public string? Output { get; set; }

    /// <summary>The layout version that wrote this state (<see cref="CurrentVersion"/> for this build).</summary>
    [Id(13)] public int Version { get; set; }

    /// <summary>Failed attempts of the phase call in progress, by idempotency key within the run (the retry budget
    /// survives a restart); an entry goes when its call finishes.</summary>
    [Id(14)] public Dictionary<string, int> PhaseFailures { get; set; } = [];

    /// <summary>All-or-nothing folder publishes by commit item key (JSON <c>PublishIntent</c>), each saved before the
    /// rename that makes its folder visible: a resumed run finishes or withdraws exactly those.</summary>
    [Id(15)] public Dictionary<string, string> PublishIntents { get; set; } = [];

    /// <summary>Milliseconds each main phase, commit item and check took (summed over attempts and resumes).</summary>
    [Id(16)] public Dictionary<string, long> PhaseMillis { get; set; } = [];
}
