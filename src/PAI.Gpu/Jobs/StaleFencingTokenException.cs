namespace PAI.Gpu.Jobs;

/// <summary>Thrown when work arrives with a fencing token that is not the device's live lease.</summary>
public sealed class StaleFencingTokenException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StaleFencingTokenException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public StaleFencingTokenException() : base("stale fencing token") { }

    /// <summary>Creates the exception.</summary>
    public StaleFencingTokenException(string message, Exception inner) : base(message, inner) { }
}
