using PAI.Abstractions.Knowledge;
using PAI.Memory.Graph;

namespace PAI.Host.Apis.Models;

/// <summary>A conflict on a single-valued predicate: the new fact (position and id), which gave way, and the current fact it met.</summary>
/// <param name="Index">The new fact's position in the request.</param>
/// <param name="FactId">The new fact's id.</param>
/// <param name="Kind"><c>superseded</c> (the current fact was closed) or <c>truncated</c> (the new fact started earlier and ends where the current one starts).</param>
/// <param name="Existing">The current fact as it was before.</param>
public sealed record FactConflictResponse(int Index, string FactId, string Kind, FactResponse Existing)
{
    /// <summary>The view of a conflict.</summary>
    public static FactConflictResponse From(ConflictView conflict)
    {
        ArgumentNullException.ThrowIfNull(conflict);
        return new(conflict.Index, conflict.FactId, conflict.Kind == FactConflictKind.Superseded ? "superseded" : "truncated", FactResponse.From(conflict.Existing));
    }
}
