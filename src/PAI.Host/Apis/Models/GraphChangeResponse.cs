using PAI.Abstractions.Knowledge;
using PAI.Memory.Graph;

namespace PAI.Host.Apis.Models;

/// <summary>One change: at <c>at</c> PAI learned (<c>added</c>) or retired (<c>invalidated</c>) the fact.</summary>
public sealed record GraphChangeResponse(DateTimeOffset At, string Kind, FactResponse Fact)
{
    /// <summary>The view of a change.</summary>
    public static GraphChangeResponse From(GraphChange change, FactView fact)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new(change.At, change.Kind == GraphChangeKind.Added ? "added" : "invalidated", FactResponse.From(fact));
    }
}
