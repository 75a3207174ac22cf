namespace PAI.Engine.Invocation;

/// <summary>
/// Counts one call's failed attempts where they survive a restart (a step's or a skill run's state), so that a call
/// interrupted by a crash does not get a fresh retry budget.
/// </summary>
public interface IRetryLedger
{
    /// <summary>Failed attempts counted so far (before this invocation started, after a restart).</summary>
    int FailedAttempts { get; }

    /// <summary>Counts one more failure durably; the next attempt starts only after this completes.</summary>
    Task RecordFailureAsync(string error);
}
