namespace PAI.Abstractions.Principals;

/// <summary>
/// Admission of a principal's goals under its quotas, keyed by principal. One activation in the cluster serializes the
/// principal's admissions, and each admission counts as an unfinished goal until it is released (after the goal is in
/// the index), so concurrent submissions cannot overshoot a limit together. It also holds the principal's model token
/// count of the last day (durably, in its grain state), which every model call adds to and checks.
/// </summary>
public interface IPrincipalQuotaGrain : IGrainWithStringKey
{
    /// <summary>Admits one goal: a ticket to release once the goal is submitted (or refused), or why not.</summary>
    Task<QuotaAdmissionResult> AdmitAsync(QuotaLimits limits);

    /// <summary>Releases an admission's reservation.</summary>
    Task ReleaseAsync(Guid ticket);

    /// <summary>Null while one more model call may start under <paramref name="limits"/>; else the token quota's refusal.</summary>
    Task<QuotaRefusal?> CheckModelTokensAsync(QuotaLimits limits);

    /// <summary>Adds the tokens of an answered model call to the day's count (stored before it returns).</summary>
    Task RecordModelTokensAsync(long tokens);

    /// <summary>What the principal uses now, against <paramref name="limits"/>.</summary>
    Task<PrincipalQuotaUsage> GetUsageAsync(QuotaLimits limits);
}
