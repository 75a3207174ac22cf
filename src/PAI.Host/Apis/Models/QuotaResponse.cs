using System.ComponentModel;
using PAI.Abstractions.Principals;

namespace PAI.Host.Apis.Models;

/// <summary>A principal's quotas and what it uses of them now.</summary>
public sealed record QuotaResponse(
    [property: Description("The principal.")] string Principal,
    [property: Description("The limits configured for it (null: no limit).")] QuotaLimitsResponse Limits,
    [property: Description("What it uses now.")] QuotaUsageResponse Usage,
    [property: Description("When a principal at or over its model token quota is under it again; null when it is under.")] DateTimeOffset? ModelTokensFreeAt,
    [property: Description("When this was read.")] DateTimeOffset At)
{
    /// <summary>From the limits and the quota grain's usage.</summary>
    public static QuotaResponse From(string principal, QuotaLimits limits, PrincipalQuotaUsage usage) => new(
        principal,
        new QuotaLimitsResponse(limits.MaxRunningGoals, limits.MaxStepsPerHour, limits.MaxModelTokensPerDay),
        new QuotaUsageResponse(usage.UnfinishedGoals, usage.StepsLastHour, usage.ModelTokensLastDay),
        usage.ModelTokensFreeAt,
        usage.At);
}

/// <summary>A principal's limits.</summary>
public sealed record QuotaLimitsResponse(
    [property: Description("Goals that may be unfinished at once.")] int? MaxRunningGoals,
    [property: Description("Planned steps of goals submitted in the last hour.")] int? MaxStepsPerHour,
    [property: Description("Model tokens (in and out) in the last 24 hours, counted by the hour.")] long? MaxModelTokensPerDay);

/// <summary>A principal's use of what its quotas limit.</summary>
public sealed record QuotaUsageResponse(
    [property: Description("Goals not finished.")] int RunningGoals,
    [property: Description("Planned steps of goals submitted in the last hour.")] long StepsLastHour,
    [property: Description("Model tokens used in the last 24 hours (counted by the hour).")] long ModelTokensLastDay);
