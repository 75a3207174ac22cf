namespace PAI.Principals.Quotas;

/// <summary>Model tokens a principal used in one clock hour (UTC), as stored in its quota grain's state.</summary>
/// <param name="Hour">The start of the hour (minutes, seconds and fractions zero, offset zero).</param>
/// <param name="Tokens">Tokens in and out of the model calls answered in that hour.</param>
[GenerateSerializer, Immutable]
public sealed record TokenBucket([property: Id(0)] DateTimeOffset Hour, [property: Id(1)] long Tokens);
