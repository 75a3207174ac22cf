namespace PAI.Host.Mcp;

/// <summary>
/// Where MCP's long-running tools read a goal's progress: first the goal as it is, then every transition until it
/// finishes. The one seam between MCP and the goal's event source (today the observer stream behind server-sent
/// events); a per-goal event feed replaces it by registering another implementation.
/// </summary>
public interface IGoalWatcher
{
    /// <summary>The snapshot, then each transition; ends when the goal finishes (or at once when there is no such goal)
    /// or when <paramref name="cancellationToken"/> fires. The caller has checked that the goal is the caller's to see.</summary>
    IAsyncEnumerable<GoalUpdate> WatchAsync(string goalId, CancellationToken cancellationToken);
}
