namespace PAI.Abstractions.Goals;

/// <summary>How often a step may be attempted and how long to wait between attempts.</summary>
/// <param name="MaxAttempts">Attempts in all, the first included (1 = no retry).</param>
/// <param name="Backoff">The first delay; later delays grow exponentially with jitter.</param>
[GenerateSerializer, Immutable]
public sealed record RetrySpec(
    [property: Id(0)] int MaxAttempts,
    [property: Id(1)] TimeSpan? Backoff = null)
{
    /// <summary>The policy used when a step names none.</summary>
    public static RetrySpec Default { get; } = new(3, TimeSpan.FromMilliseconds(200));
}
