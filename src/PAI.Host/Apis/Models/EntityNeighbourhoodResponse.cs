using PAI.Memory.Graph;

namespace PAI.Host.Apis.Models;

/// <summary>An entity, its neighbours (nearest first) and the facts among them as of a time.</summary>
public sealed record EntityNeighbourhoodResponse(EntityResponse Entity, DateTimeOffset AsOf, IReadOnlyList<EntityResponse> Neighbours, IReadOnlyList<FactResponse> Facts, bool Truncated)
{
    /// <summary>The view of a neighbourhood.</summary>
    public static EntityNeighbourhoodResponse From(EntityNeighbourhood found)
    {
        ArgumentNullException.ThrowIfNull(found);
        return new(
            EntityResponse.From(found.Entity),
            found.AsOf,
            [.. found.Neighbours.Select(n => EntityResponse.From(n.Entity, n.Depth))],
            [.. found.Facts.Select(FactResponse.From)],
            found.Truncated);
    }
}
