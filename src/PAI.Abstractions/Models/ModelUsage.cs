namespace PAI.Abstractions.Models;

/// <summary>What model calls cost: calls, tokens in and out, and time spent waiting for answers.</summary>
/// <param name="Calls">Model calls made (a retried call counts once).</param>
/// <param name="InputTokens">Prompt tokens, as the server reported them.</param>
/// <param name="OutputTokens">Completion tokens, as the server reported them.</param>
/// <param name="Duration">Time from request to the end of the response, summed.</param>
[GenerateSerializer, Immutable]
public sealed record ModelUsage(
    [property: Id(0)] long Calls,
    [property: Id(1)] long InputTokens,
    [property: Id(2)] long OutputTokens,
    [property: Id(3)] TimeSpan Duration)
{
    /// <summary>Nothing used.</summary>
    public static ModelUsage None { get; } = new(0, 0, 0, TimeSpan.Zero);

    /// <summary>Tokens in and out.</summary>
    public long TotalTokens => InputTokens + OutputTokens;

    /// <summary>The sum of two usages.</summary>
    public ModelUsage Add(ModelUsage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Calls + other.Calls, InputTokens + other.InputTokens, OutputTokens + other.OutputTokens, Duration + other.Duration);
    }
}
