namespace PAI.Memory.Graph;

/// <summary>
/// The extraction model refused the call for good before sending it (the principal's model token quota is used up):
/// extraction is given up at once, not asked again. Thrown by the chat client registered under
/// <see cref="KnowledgeExtractor.ChatClientKey"/>; the refusal itself is audited (<c>model.refused</c>) where it is made.
/// </summary>
public sealed class KnowledgeExtractionRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KnowledgeExtractionRefusedException() : this("the extraction model call was refused") { }

    /// <summary>Creates the exception.</summary>
    public KnowledgeExtractionRefusedException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public KnowledgeExtractionRefusedException(string message, Exception inner) : base(message, inner) { }
}
