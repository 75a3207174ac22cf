using PAI.Abstractions.Knowledge;

namespace PAI.Host.Apis.Models;

/// <summary>An entity: id, canonical name, type and every key it is known by; <c>depth</c> when reached by a walk.</summary>
public sealed record EntityResponse(string Id, string Name, string? Type, IReadOnlyList<string> Aliases, int? Depth)
{
    /// <summary>The view of an entity.</summary>
    public static EntityResponse From(GraphEntity entity, int? depth = null)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new(entity.Id, entity.Name, entity.Type, entity.Aliases, depth);
    }
}
