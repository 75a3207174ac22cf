using System.ComponentModel;
using PAI.Abstractions.Models;

namespace PAI.Host.Apis.Models;

/// <summary>What model calls cost.</summary>
public sealed record UsageResponse(
    [property: Description("Model calls answered.")] long Calls,
    [property: Description("Prompt tokens.")] long InputTokens,
    [property: Description("Completion tokens.")] long OutputTokens,
    [property: Description("Seconds spent waiting for answers.")] double Seconds)
{
    /// <summary>From the engine's record.</summary>
    public static UsageResponse From(ModelUsage u) => new(u.Calls, u.InputTokens, u.OutputTokens, Math.Round(u.Duration.TotalSeconds, 3));
}
