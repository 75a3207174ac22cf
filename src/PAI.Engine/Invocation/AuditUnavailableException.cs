namespace PAI.Engine.Invocation;

/// <summary>
/// The audit log did not take a tool call's entry (its store is down, full or read-only). Not the tool's failure: the
/// call's outcome cannot be recorded, so the step run is abandoned rather than reported, and the goal's watchdog
/// starts it again once the store answers (the call is repeated with the same idempotency key, as after a crash).
/// </summary>
public sealed class AuditUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AuditUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AuditUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the store's own exception.</summary>
    public AuditUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
