namespace PAI.Models.Gateway;

/// <summary>An attempt got no answer (or, streaming, no next chunk) within the endpoint's timeout.</summary>
public sealed class ModelTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public ModelTimeoutException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public ModelTimeoutException() : base("the model did not answer in time") { }

    /// <summary>Creates the exception.</summary>
    public ModelTimeoutException(string message, Exception inner) : base(message, inner) { }
}
