namespace PAI.Models.Gateway;

/// <summary>A model call that failed for good (after its retries), with a message naming the endpoint and why.</summary>
public sealed class ModelCallException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelCallException(string message, bool retryable, Exception? inner = null)
        : base(message, inner) => Retryable = retryable;

    /// <summary>Creates the exception.</summary>
    public ModelCallException() : this("model call failed", false) { }

    /// <summary>Creates the exception.</summary>
    public ModelCallException(string message) : this(message, false) { }

    /// <summary>Creates the exception.</summary>
    public ModelCallException(string message, Exception inner) : this(message, false, inner) { }

    /// <summary>Whether trying again later may succeed (the server was overloaded, slow or unreachable).</summary>
    public bool Retryable { get; }

    /// <summary>True when the call was refused before it was sent because the principal's model token quota is used up.</summary>
    public bool QuotaExceeded { get; init; }
}
