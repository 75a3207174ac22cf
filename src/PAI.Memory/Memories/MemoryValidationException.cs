namespace PAI.Memory.Memories;

/// <summary>A remember or search request that breaks a rule; nothing was changed.</summary>
public sealed class MemoryValidationException : Exception
{
    /// <summary>Creates the exception from the errors found.</summary>
    public MemoryValidationException(IReadOnlyList<MemoryError> errors)
        : base(string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}"))) => Errors = errors;

    /// <summary>Creates the exception.</summary>
    public MemoryValidationException() : this([]) { }

    /// <summary>Creates the exception with one error at the root.</summary>
    public MemoryValidationException(string message) : this([new MemoryError("$", message)]) { }

    /// <summary>Creates the exception with one error at the root.</summary>
    public MemoryValidationException(string message, Exception inner) : base(message, inner) => Errors = [new MemoryError("$", message)];

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<MemoryError> Errors { get; }
}
