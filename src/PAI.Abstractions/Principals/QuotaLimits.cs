namespace PAI.Abstractions.Principals;

/// <summary>A principal's quotas; null means no limit.</summary>
/// <param name="MaxRunningGoals">Goals that may be unfinished at once; a submission beyond it is refused.</param>
/// <param name="MaxStepsPerHour">Planned steps of goals submitted in the last hour; a submission is refused while the principal is at or over it (the goal admitted last may carry it over).</param>
/// <param name="MaxModelTokensPerDay">Model tokens (in and out) used in the last 24 hours, counted by the hour; while the principal is at or over it, a submission is refused and every model call of its running goals fails (the call admitted last may carry it over).</param>
[GenerateSerializer, Immutable]
public sealed record QuotaLimits(
    [property: Id(0)] int? MaxRunningGoals = null,
    [property: Id(1)] int? MaxStepsPerHour = null,
    [property: Id(2)] long? MaxModelTokensPerDay = null)
{
    /// <summary>No limit at all.</summary>
    public static QuotaLimits None { get; } = new();

    /// <summary>True when nothing is limited (no quota check is made).</summary>
    public bool IsUnlimited => MaxRunningGoals is null && MaxStepsPerHour is null && MaxModelTokensPerDay is null;
}
