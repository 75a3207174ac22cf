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

    /// <summary>Whether retry delays get random jitter (on by default, so that many failing steps do not retry in
    /// lock-step); off gives the plain exponential sequence backoff, 2 x backoff, 4 x backoff, ...</summary>
    public bool RetryJitter { get; set; } = true;

    /// <summary>Largest step output kept in the goal's state, in UTF-8 bytes.</summary>
    public int MaxStepOutputBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Largest input a step may be handed once its <c>${...}</c> references are resolved, in UTF-8 bytes (1 MiB): a
    /// step over it fails with a message naming this setting. Inputs cross a grain call and are kept by the step run.
    /// </summary>
    public int MaxStepInputBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Largest state a goal may keep (submission, step outputs and errors, result), in UTF-8 bytes (8 MiB, 32 outputs at
    /// the output cap). The whole state is rewritten on every transition, so its size multiplies the cost of every write;
    /// a submission over it is refused, an output that would pass it fails its step, a result that would, the goal.
    /// </summary>
    public long MaxGoalStateBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>How long the goal-finished handlers may take for one goal before the delivery counts as failed (and is
    /// tried again on a later watchdog tick).</summary>
    public TimeSpan FinishedHandlerTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long finished goals are kept before they are pruned.</summary>
    public TimeSpan FinishedGoalRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often the pruner looks for expired goals.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How many grain locations the silo caches (Orleans' <c>GrainDirectoryOptions.CacheSize</c>, whose default of a
    /// million entries at ~230 bytes each grew the host by ~0.5 KB per finished goal, for good: every goal and step run
    /// is a grain of its own). A cache miss costs a directory lookup, local in the embedded host.
    /// </summary>
    public int GrainDirectoryCacheSize { get; set; } = 20_000;

    /// <summary>A folder of user skill templates (YAML), in addition to the built-in ones.</summary>
    public string? SkillsDirectory { get; set; }

    /// <summary>A folder of agent definitions (YAML).</summary>
    public string? AgentsDirectory { get; set; }

    /// <summary>A folder of YAML-declared HTTP and process tools.</summary>
    public string? ToolsDirectory { get; set; }

    /// <summary>How often a goal the model planner planned may be re-planned after a step failed for good (the
    /// revised plan keeps the steps that succeeded); 0 turns re-planning off.</summary>
    public int MaxReplans { get; set; } = 2;

    /// <summary>How long a step waits for a person's approval before it counts as rejected.</summary>
    public TimeSpan ApprovalTimeout { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The folder of published sites (<c>publish: { site: ... }</c>), served at <c>/sites/{site}/</c>; default
    /// <c>{DataDirectory}/sites</c>. It must be on the same file system as the workspaces (a publish is a rename).</summary>
    public string? SitesDirectory { get; set; }

    /// <summary>The URL at which <see cref="SitesRoot"/> is served (<c>http://host:port/sites</c>), as skills see it in
    /// <c>${run.sitesUrl}</c>; the host sets it from its first address when it starts, unless configured.</summary>
    public string? SitesBaseUrl { get; set; }

    /// <summary>The folder of published sites.</summary>
    public string SitesRoot => SitesDirectory ?? Path.Combine(DataDirectory, "sites");

    /// <summary>The workspace folder of a goal.</summary>
    public string WorkspaceOf(string goalId) => Path.Combine(DataDirectory, "workspaces", goalId);
}
