namespace PAI.Abstractions.Tools;

/// <summary>Whether a permit was granted, and if not when to ask again.</summary>
[GenerateSerializer, Immutable]
public sealed record RateLimitDecision(
    [property: Id(0)] bool Acquired,
    [property: Id(1)] TimeSpan RetryAfter);
