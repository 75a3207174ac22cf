namespace PAI.Abstractions.Knowledge;

/// <summary>What happened to a fact.</summary>
public enum GraphChangeKind
{
    /// <summary>PAI learned it (its <c>recordedAt</c>).</summary>
    Added,

    /// <summary>PAI retired it (its <c>invalidatedAt</c>).</summary>
    Invalidated,
}
