namespace PAI.Abstractions.Tools;

/// <summary>A token-bucket limit on a tool's calls, enforced cluster-wide by one rate-limiter grain per bucket.</summary>
/// <param name="Permits">Calls allowed per <paramref name="Window"/> (also the burst size).</param>
/// <param name="Window">The replenishment period.</param>
/// <param name="PerPrincipal">True: one bucket per principal; false: one bucket for everyone.</param>
/// <param name="Refuse">True: a call over the limit fails at once ("429 Too Many Requests"); false: it waits for a
/// permit, within the attempt's timeout.</param>
[GenerateSerializer, Immutable]
public sealed record ToolRateLimit(
    [property: Id(0)] int Permits,
    [property: Id(1)] TimeSpan Window,
    [property: Id(2)] bool PerPrincipal = true,
    [property: Id(3)] bool Refuse = false);
