namespace PAI.Engine.Persistence;

/// <summary>Thrown when the store holds a revision this activation did not write: another activation owns the state.</summary>
public sealed class StaleActivationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StaleActivationException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public StaleActivationException() : base("another activation owns this state") { }

    /// <summary>Creates the exception.</summary>
    public StaleActivationException(string message, Exception inner) : base(message, inner) { }
}
