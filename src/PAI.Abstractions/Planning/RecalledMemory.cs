namespace PAI.Abstractions.Planning;

/// <summary>A memory, or a current fact of the knowledge graph, recalled for a goal and shown to the planner.</summary>
/// <param name="Id">The memory's id (<c>m_...</c>) or the fact's (<c>f_...</c>).</param>
/// <param name="Text">Its text (as shown to the planner; a fact as "subject predicate object").</param>
/// <param name="Score">Its relevance score (0 for facts: they are recalled because the goal names their entity).</param>
/// <param name="Kind"><see cref="Fact"/> for a fact of the knowledge graph; null (or <see cref="Memory"/>) for a memory.</param>
[GenerateSerializer, Immutable]
public sealed record RecalledMemory(
    [property: Id(0)] string Id,
    [property: Id(1)] string Text,
    [property: Id(2)] double Score,
    [property: Id(3)] string? Kind = null)
{
    /// <summary>The kind of a memory.</summary>
    public const string Memory = "memory";

    /// <summary>The kind of a fact of the knowledge graph.</summary>
    public const string Fact = "fact";

    /// <summary>True for a fact of the knowledge graph.</summary>
    public bool IsFact => Kind == Fact;
}
