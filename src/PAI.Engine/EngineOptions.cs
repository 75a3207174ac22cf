namespace PAI.Engine;

/// <summary>Settings of the goal engine (configuration section <c>Pai:Engine</c>).</summary>
public sealed class EngineOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Pai:Engine";

    /// <summary>The data folder; workspaces live under <c>workspaces/{goalId}</c>.</summary>
    public string DataDirectory { get; set; } = Path.Combine(Environment.CurrentDirectory, ".pai");

    /// <summary>How many steps of one goal may run at once.</summary>
    public int MaxParallelStepsPerGoal { get; set; } = 128;

    /// <summary>How often a running goal re-dispatches steps that should be running (a lost silo, a lost message).</summary>
    public TimeSpan StepWatchdogInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Per-attempt limit for tools that declare none and steps that name none.</summary>
    public TimeSpan DefaultStepTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether retry delays get random jitter (on by default, so that many failing steps do not retry in
    /// lock-step); off gives the plain exponential sequence backoff, 2 x backoff, 4 x backoff, ...</summary>
    public bool RetryJitter { get; set; } = true;

    /// <summary>Largest step output kept in the goal's state, in UTF-8 bytes.</summary>
    public int MaxStepOutputBytes { get; set; } = 256 * 1024;

    /// <summary>How long finished goals are kept before they are pruned.</summary>
    public TimeSpan FinishedGoalRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often the pruner looks for expired goals.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A folder of user skill templates (YAML), in addition to the built-in ones.</summary>
    public string? SkillsDirectory { get; set; }

    /// <summary>A folder of agent definitions (YAML).</summary>
    public string? AgentsDirectory { get; set; }

    /// <summary>A folder of YAML-declared HTTP and process tools.</summary>
    public string? ToolsDirectory { get; set; }

    /// <summary>How long a step waits for a person's approval before it counts as rejected.</summary>
    public TimeSpan ApprovalTimeout { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The workspace folder of a goal.</summary>
    public string WorkspaceOf(string goalId) => Path.Combine(DataDirectory, "workspaces", goalId);
}
