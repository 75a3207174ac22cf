using System.Globalization;
using PAI.Abstractions.Goals;

namespace PAI.Engine.Invocation;

/// <summary>
/// The ranges a step's or phase's timeout and retry policy must lie in. They are Polly's own option ranges
/// (<c>TimeoutStrategyOptions.Timeout</c>: 10 ms to 24 h; <c>RetryStrategyOptions.Delay</c>: 0 to 1 day), so a value
/// accepted here never makes a pipeline fail to build. The planner refuses values outside them at submit (422 naming
/// the field); skill and tool files are refused when loaded; the invoker checks again before it builds a pipeline.
/// </summary>
public static class InvocationLimits
{
    /// <summary>The shortest per-attempt timeout.</summary>
    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest per-attempt timeout (a longer wait is a <c>wait</c> step, which needs none).</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(24);

    /// <summary>The longest first retry delay.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromDays(1);

    /// <summary>The most attempts one call may make, the first included.</summary>
    public const int MaxAttempts = 100;

    /// <summary>Why the timeout is out of range, or null when it is fine.</summary>
    public static string? CheckTimeout(TimeSpan timeout) =>
        timeout < MinTimeout || timeout > MaxTimeout
            ? $"timeout must be from 10ms to 24h; {Format(timeout)} is out of range"
            : null;

    /// <summary>Why <c>maxAttempts</c> is out of range, or null when it is fine.</summary>
    public static string? CheckMaxAttempts(int maxAttempts) =>
        maxAttempts is < 1 or > MaxAttempts
            ? $"retry.maxAttempts must be from 1 to {MaxAttempts}; {maxAttempts.ToString(CultureInfo.InvariantCulture)} is out of range"
            : null;

    /// <summary>Why the backoff is out of range, or null when it is fine.</summary>
    public static string? CheckBackoff(TimeSpan backoff) =>
        backoff < TimeSpan.Zero || backoff > MaxBackoff
            ? $"retry.backoff must be from 0 to 1d; {Format(backoff)} is out of range"
            : null;

    /// <summary>Every problem with a retry policy (empty when fine).</summary>
    public static IEnumerable<string> CheckRetry(RetrySpec retry)
    {
        ArgumentNullException.ThrowIfNull(retry);
        if (CheckMaxAttempts(retry.MaxAttempts) is { } attempts)
        {
            yield return attempts;
        }

        if (retry.Backoff is { } backoff && CheckBackoff(backoff) is { } delay)
        {
            yield return delay;
        }
    }

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
