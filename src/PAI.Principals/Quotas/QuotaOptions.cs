using PAI.Abstractions.Principals;

namespace PAI.Principals.Quotas;

/// <summary>
/// Quotas per principal (<c>Pai:Quotas</c>): <c>Default</c> applies to every principal, an entry under <c>Principals</c>
/// replaces it for that principal (a limit left out there means no limit). Nothing is limited unless configured.
/// </summary>
/// <example><c>Pai__Quotas__Default__MaxRunningGoals=20</c>, <c>Pai__Quotas__Principals__alice__MaxStepsPerHour=500</c>,
/// <c>Pai__Quotas__Default__MaxModelTokensPerDay=2000000</c>.</example>
public sealed class QuotaOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Pai:Quotas";

    /// <summary>Limits for principals without an entry of their own.</summary>
    public QuotaLimitOptions Default { get; set; } = new();

    /// <summary>Limits by principal name.</summary>
    public Dictionary<string, QuotaLimitOptions> Principals { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The limits that apply to <paramref name="principal"/>.</summary>
    public QuotaLimits For(string principal) =>
        (Principals.TryGetValue(principal, out var own) ? own : Default).ToLimits();
}

/// <summary>One principal's limits as configured.</summary>
public sealed class QuotaLimitOptions
{
    /// <summary>See <see cref="QuotaLimits.MaxRunningGoals"/>.</summary>
    public int? MaxRunningGoals { get; set; }

    /// <summary>See <see cref="QuotaLimits.MaxStepsPerHour"/>.</summary>
    public int? MaxStepsPerHour { get; set; }

    /// <summary>See <see cref="QuotaLimits.MaxModelTokensPerDay"/>.</summary>
    public long? MaxModelTokensPerDay { get; set; }

    /// <summary>The immutable form.</summary>
    public QuotaLimits ToLimits()
    {
        var limits = new QuotaLimits(MaxRunningGoals, MaxStepsPerHour, MaxModelTokensPerDay);
        return limits.IsUnlimited ? QuotaLimits.None : limits;
    }
}
