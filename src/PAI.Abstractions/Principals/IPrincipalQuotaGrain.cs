namespace PAI.Abstractions.Principals;

/// <summary>
/// Admission of a principal's goals under its quotas, keyed by principal. One activation in the cluster serializes the
/// principal's admissions, and each admission counts as an unfinished goal until it is released (after the goal is in
/// the index), so concurrent submissions cannot overshoot a limit together.
/// </summary>
public interface IPrincipalQuotaGrain : IGrainWithStringKey
{
    /// <summary>Admits one goal: a ticket to release once the goal is submitted (or refused), or why not.</summary>
    Task<QuotaAdmissionResult> AdmitAsync(QuotaLimits limits);

    /// <summary>Releases an admission's reservation.</summary>
    Task ReleaseAsync(Guid ticket);
}
