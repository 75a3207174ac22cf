using System.Numerics.Tensors;
using PAI.Abstractions.Knowledge;

namespace PAI.Memory.Graph;

/// <summary>
/// Which older entity a newly embedded one is the same as: the most similar entity (cosine of normalised name
/// embeddings) that was created before it, whose type is the same or either is untyped, at or above the threshold.
/// Pure; system types (identifiers) never match.
/// </summary>
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
            if (other.Id == entity.Id || !IsOlder(other, entity) || !Compatible(entity.Type, other.Type) || other.Vector.Length != entity.Vector.Length)
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

    private static bool IsOlder(EntityVector other, EntityVector entity) =>
        other.CreatedAt < entity.CreatedAt || (other.CreatedAt == entity.CreatedAt && string.CompareOrdinal(other.Id, entity.Id) < 0);
}
