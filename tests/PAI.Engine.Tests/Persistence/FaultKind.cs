namespace PAI.Engine.Tests.Persistence;

/// <summary>How an injected write fault behaves.</summary>
public enum FaultKind
{
    /// <summary>The write throws before anything reaches the store.</summary>
    BeforeCommit,

    /// <summary>The write commits, then throws a <see cref="TimeoutException"/>: the ambiguous write.</summary>
    AfterCommit,

    /// <summary>Each fault is one of the two, chosen by the plan's seeded random.</summary>
    Either,
}
