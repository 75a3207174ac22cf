namespace PAI.Storage.Sqlite;

/// <summary>A snapshot of the store's write counters since it opened.</summary>
/// <param name="Commits">Transactions committed by the writer.</param>
/// <param name="Operations">Writes that were part of a committed transaction (each a caller's task).</param>
/// <param name="FailedCommits">Transactions whose COMMIT failed; every write in them failed.</param>
public readonly record struct SqliteStoreStatistics(long Commits, long Operations, long FailedCommits)
{
    /// <summary>Average writes per commit; zero before the first commit.</summary>
    public double OperationsPerCommit => Commits == 0 ? 0 : (double)Operations / Commits;
}
