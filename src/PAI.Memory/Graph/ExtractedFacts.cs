using PAI.Abstractions.Knowledge;
using PAI.Memory.Memories;

namespace PAI.Memory.Graph;

/// <summary>What a model read out of a text, as graph assertions: ADD-only, for goal write-back and notes alike.</summary>
public static class ExtractedFacts
{
    /// <summary>
    /// The model's facts as assertions: valid from <paramref name="at"/>, never single-valued (a model's reading never
    /// closes a fact someone stated), each validated like an API fact; invalid ones are dropped. At most
    /// <see cref="KnowledgeExtractor.MaxFacts"/>.
    /// </summary>
    public static List<FactAssertion> ToAssertions(KnowledgeExtraction extraction, DateTimeOffset at, GraphOptions options)
    {
        ArgumentNullException.ThrowIfNull(extraction);
        var assertions = new List<FactAssertion>();
        var errors = new List<MemoryError>();
        foreach (var fact in extraction.Facts.Take(KnowledgeExtractor.MaxFacts))
        {
            if (GraphValidation.ToAssertion(fact with { Single = false, ValidFrom = null, ValidTo = null }, "fact", at, options, errors) is { } assertion)
            {
                assertions.Add(assertion);
            }
        }

        return assertions;
    }

    /// <summary>
    /// <paramref name="source"/> <c>mentions</c> every subject of <paramref name="facts"/> (once each): the provenance
    /// in the graph of what the model read out of the goal or note.
    /// </summary>
    public static IEnumerable<FactAssertion> Mentions(EntityMention source, IEnumerable<FactAssertion> facts, DateTimeOffset at) =>
        facts.Select(f => f.Subject).DistinctBy(m => m.Name, StringComparer.Ordinal)
            .Select(m => new FactAssertion(source, "mentions", m, null, at, null, false));
}
