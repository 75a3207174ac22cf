namespace PAI.Memory.Graph;

/// <summary>What a model read out of a text: a short summary and facts (subject, predicate, object or value, types).</summary>
public sealed record KnowledgeExtraction(string? Summary, IReadOnlyList<FactInput> Facts);
