using System.ComponentModel;

namespace PAI.Host.Apis.Models;

/// <summary>A step's retry policy.</summary>
public sealed record RetryRequest
{
    /// <summary>Attempts in all, the first included.</summary>
    [Description("Attempts in all, the first included.")]
    public required int MaxAttempts { get; init; }

    /// <summary>The first delay between attempts (exponential, with jitter), e.g. <c>2s</c>.</summary>
    [Description("The first delay between attempts (it grows exponentially, with jitter), e.g. \"2s\".")]
    public string? Backoff { get; init; }
}
