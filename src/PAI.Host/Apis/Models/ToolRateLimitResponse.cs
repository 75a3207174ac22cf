using System.ComponentModel;

namespace PAI.Host.Apis.Models;

/// <summary>A tool's rate limit.</summary>
public sealed record ToolRateLimitResponse(
    [property: Description("Calls allowed per window (also the burst).")] int Permits,
    [property: Description("The replenishment period (hh:mm:ss).")] TimeSpan Window,
    [property: Description("'principal' (one bucket per principal) or 'global'.")] string Scope,
    [property: Description("'refuse' (fail at once) or 'delay' (wait for a permit).")] string OnLimit);
