using System.Numerics.Tensors;
using PAI.Abstractions.Knowledge;

namespace PAI.Memory.Graph;

/// <summary>
/// Which older entity a newly embedded one is the same as: the most similar entity (cosine of normalised name
/// embeddings) that was created before it, whose type is the same or either is untyped, whose name passes
/// <see cref="NamesCompatible"/>, at or above the threshold. Pure; system types (identifiers) never match.
/// </summary>
/// <remarks>
/// Embeddings alone cannot tell "Chapter 1" from "Chapter 2" (0.98 with arctic-embed-xs) or "John Smith" from
/// "Jane Smith": the lexical guard refuses names that differ in a number or that swap one word for an unrelated one,
/// and the embedding decides the rest (abbreviations, acronyms, reordering). Measured in docs/benchmarks.md.
/// </remarks>
public static class EntityMatcher
{
    /// <summary>The entity <paramref name="entity"/> should merge into, or null.</summary>
    public static EntityVector? FindMatch(EntityVector entity, IEnumerable<EntityVector> others, double threshold)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(others);
        if (threshold is <= 0 or > 1 || EntityKeys.IsSystemType(entity.Type))
        {
            return null;
        }

        EntityVector? best = null;
        var bestScore = threshold;
        foreach (var other in others)
        {
            if (other.Id == entity.Id || !IsOlder(other, entity) || !Compatible(entity.Type, other.Type) || other.Vector.Length != entity.Vector.Length || !NamesCompatible(entity.Name, other.Name))
            {
                continue;
            }

            var score = TensorPrimitives.Dot(entity.Vector, other.Vector);
            if (score >= bestScore)
            {
                best = other;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>True when entities of these types may be the same (equal, or one untyped).</summary>
    public static bool Compatible(string? a, string? b) => a is null || b is null || string.Equals(a, b, StringComparison.Ordinal);

    /// <summary>
    /// True when two names may name the same thing: the same numbers, and every word only one of them has is matched
    /// by a word only the other has (one a prefix of the other, or a short abbreviation whose letters it contains in
    /// order, e.g. "mt"/"mount"), or is an acronym of the other's words ("NYC"/"New York City"). A name whose words are
    /// all in the other ("Dr. Jane Doe"/"Jane Doe") passes.
    /// </summary>
    public static bool NamesCompatible(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var wordsA = EntityKeys.Normalise(a).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var wordsB = EntityKeys.Normalise(b).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!wordsA.Where(IsNumber).Order(StringComparer.Ordinal).SequenceEqual(wordsB.Where(IsNumber).Order(StringComparer.Ordinal)))
        {
            return false;
        }

        var onlyA = wordsA.Except(wordsB, StringComparer.Ordinal).Where(w => !StopWords.Contains(w)).ToList();
        var onlyB = wordsB.Except(wordsA, StringComparer.Ordinal).Where(w => !StopWords.Contains(w)).ToList();
        if (onlyA.Count == 0 || onlyB.Count == 0)
        {
            return true;
        }

        if ((onlyA.Count == 1 && onlyA[0] == Initials(onlyB)) || (onlyB.Count == 1 && onlyB[0] == Initials(onlyA)))
        {
            return true;
        }

        return Covered(onlyA, onlyB) && Covered(onlyB, onlyA);
    }

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal) { "of", "the", "and", "s", "a", "an" };

    private static bool IsNumber(string word) => word.Any(char.IsDigit);

    private static string Initials(List<string> words) => string.Concat(words.Select(w => w[0]));

    private static bool Covered(List<string> words, List<string> others) => words.All(w => others.Any(o => Related(w, o)));

    private static bool Related(string a, string b)
    {
        var (shorter, longer) = a.Length <= b.Length ? (a, b) : (b, a);
        if (shorter.Length >= 3 && longer.StartsWith(shorter, StringComparison.Ordinal))
        {
            return true;
        }

        // A short abbreviation: same first letter, its letters in order in the longer word ("mt"/"mount", "corp").
        if (shorter.Length is < 2 or > 4 || shorter[0] != longer[0])
        {
            return false;
        }

        var at = 0;
        foreach (var c in longer)
        {
            if (at < shorter.Length && c == shorter[at])
            {
                at++;
            }
        }

        return at == shorter.Length;
    }

    private static bool IsOlder(EntityVector other, EntityVector entity) =>
        other.CreatedAt < entity.CreatedAt || (other.CreatedAt == entity.CreatedAt && string.CompareOrdinal(other.Id, entity.Id) < 0);
}
