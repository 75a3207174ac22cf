namespace PAI.Abstractions.Knowledge;

/// <summary>How a conflict between a new and a current single-valued fact was settled.</summary>
public enum FactConflictKind
{
    /// <summary>The current fact was closed: <c>invalidatedAt</c> set, <c>supersededBy</c> the new fact.</summary>
    Superseded,

    /// <summary>The new fact started before the current one and was stored ending where it starts.</summary>
    Truncated,
}
