namespace PAI.Memory.Graph;

/// <summary>How a bounded extraction ended.</summary>
/// <param name="Extraction">What the model read out of the text; null when extraction is off or was given up.</param>
/// <param name="Attempts">Times the model was asked (0: no model registered).</param>
/// <param name="Failure">Why it was given up (<c>error</c>, <c>timeout</c>, <c>invalid</c>, <c>refused</c>: the principal's model token quota); null when it succeeded or is off.</param>
public sealed record KnowledgeExtractionOutcome(KnowledgeExtraction? Extraction, int Attempts, string? Failure);
