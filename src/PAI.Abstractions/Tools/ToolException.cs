namespace PAI.Abstractions.Tools;

/// <summary>A tool failure with a readable message; <see cref="Retryable"/> says whether another attempt may help.</summary>
public sealed class ToolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ToolException(string message, bool retryable = false, Exception? inner = null)
        : base(message, inner) => Retryable = retryable;

    /// <summary>Creates a non-retryable exception.</summary>
    public ToolException() : this("tool failed") { }

    /// <summary>Creates a non-retryable exception.</summary>
    public ToolException(string message) : this(message, false) { }

    /// <summary>Creates a non-retryable exception.</summary>
    public ToolException(string message, Exception inner) : this(message, false, inner) { }

    /// <summary>Whether another attempt may succeed.</summary>
    public bool Retryable { get; }
}
