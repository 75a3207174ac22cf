namespace PAI.Abstractions.Knowledge;

/// <summary>
/// A mention of an entity in a write: its display name, its type (null when unknown) and the keys it is known by, most
/// specific first (see <see cref="EntityKeys"/>). The store resolves a mention to the entity of the first key it already
/// knows, else creates one; keys the entity did not have yet become its aliases.
/// </summary>
/// <param name="Name">The name as written (canonical name of a new entity).</param>
/// <param name="Type">The entity's type (<c>person</c>, <c>note</c>, <c>tool</c>, ...), or null.</param>
/// <param name="Keys">Normalised keys, at least one.</param>
public sealed record EntityMention(string Name, string? Type, IReadOnlyList<string> Keys)
{
    /// <summary>A mention of a named entity of <paramref name="type"/>, keyed by its normalised name.</summary>
    public static EntityMention Named(string name, string? type = null) => new(name, type, [EntityKeys.For(name, type)]);
}
