namespace PAI.Storage.Sqlite;

/// <summary>Where and how durably the SQLite store keeps its data.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The folder that holds <c>pai.db</c>; created when missing.</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>
    /// True: <c>PRAGMA synchronous=FULL</c>, an acknowledged commit survives power loss.
    /// False: <c>NORMAL</c>, which in WAL mode survives a process crash but may lose the last commits on power loss.
    /// </summary>
    public bool SynchronousFull { get; set; } = true;

    /// <summary>The most queued writes committed in one transaction.</summary>
    public int MaxBatch { get; set; } = 512;

    /// <summary>The grain type of the goal grain: its state rows have grain id <c>goal/&lt;goalId&gt;</c>.</summary>
    public string GoalGrainType { get; set; } = "goal";

    /// <summary>The grain type of the step-run grain: its state rows have grain id <c>steprun/&lt;goalId&gt;/&lt;stepId&gt;</c>.</summary>
    public string StepRunGrainType { get; set; } = "steprun";
}
