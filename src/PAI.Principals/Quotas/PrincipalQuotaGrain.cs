using PAI.Abstractions.Principals;
using PAI.Abstractions.Storage;

namespace PAI.Principals.Quotas;

/// <summary>
/// Serializes one principal's admissions (not reentrant). Reservations live in memory only and expire after
/// <see cref="ReservationLifetime"/>, so a caller that died before releasing cannot block the principal for long; a
/// new activation starts with none, which is safe because admitted goals are in the index by then or never will be.
/// </summary>
public sealed class PrincipalQuotaGrain(IPrincipalUsageStore usage, TimeProvider time) : Grain, IPrincipalQuotaGrain
{
    /// <summary>How long an admission counts if it is never released.</summary>
    public static readonly TimeSpan ReservationLifetime = TimeSpan.FromMinutes(2);

    private readonly Dictionary<Guid, DateTimeOffset> _reservations = [];

    /// <inheritdoc />
    public async Task<QuotaAdmissionResult> AdmitAsync(QuotaLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var now = time.GetUtcNow();
        foreach (var expired in _reservations.Where(r => r.Value <= now).Select(r => r.Key).ToList())
        {
            _reservations.Remove(expired);
        }

        var principal = this.GetPrimaryKeyString();
        var current = await usage.GetUsageAsync(principal, now - QuotaPolicy.StepWindow);
        if (QuotaPolicy.Evaluate(principal, limits, current, _reservations.Count) is { } refusal)
        {
            return new QuotaAdmissionResult(null, refusal);
        }

        var ticket = Guid.NewGuid();
        _reservations[ticket] = now + ReservationLifetime;
        return new QuotaAdmissionResult(ticket, null);
    }

    /// <inheritdoc />
    public Task ReleaseAsync(Guid ticket)
    {
        _reservations.Remove(ticket);
        return Task.CompletedTask;
    }
}
