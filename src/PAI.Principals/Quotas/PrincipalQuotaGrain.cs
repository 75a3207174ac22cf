using PAI.Abstractions.Principals;
using PAI.Abstractions.Storage;

namespace PAI.Principals.Quotas;

/// <summary>
/// Serializes one principal's admissions (not reentrant). Reservations live in memory only and expire after
/// <see cref="ReservationLifetime"/>, so a caller that died before releasing cannot block the principal for long; a
/// new activation starts with none, which is safe because admitted goals are in the index by then or never will be.
/// The model token count of the last day is grain state: written before a recording returns, so it survives restarts
/// and failover, and one activation in the cluster counts every silo's calls.
/// </summary>
public sealed class PrincipalQuotaGrain(
    [PersistentState("principal-quota", StorageNames.Grains)] IPersistentState<PrincipalQuotaState> state,
    IPrincipalUsageStore usage,
    TimeProvider time) : Grain, IPrincipalQuotaGrain
{
    /// <summary>How long an admission counts if it is never released.</summary>
    public static readonly TimeSpan ReservationLifetime = TimeSpan.FromMinutes(2);

    private readonly Dictionary<Guid, DateTimeOffset> _reservations = [];

    private string Principal => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public async Task<QuotaAdmissionResult> AdmitAsync(QuotaLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var now = time.GetUtcNow();
        ExpireReservations(now);
        var current = await usage.GetUsageAsync(Principal, now - QuotaPolicy.StepWindow);
        if ((QuotaPolicy.Evaluate(Principal, limits, current, _reservations.Count) ?? ModelTokenWindow.Check(Principal, limits, state.State.Tokens, now)) is { } refusal)
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

    /// <inheritdoc />
    public Task<QuotaRefusal?> CheckModelTokensAsync(QuotaLimits limits) =>
        Task.FromResult(ModelTokenWindow.Check(Principal, limits, state.State.Tokens, time.GetUtcNow()));

    /// <inheritdoc />
    public async Task RecordModelTokensAsync(long tokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        if (tokens == 0)
        {
            return;
        }

        state.State.Tokens = ModelTokenWindow.Add(state.State.Tokens, time.GetUtcNow(), tokens);
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public async Task<PrincipalQuotaUsage> GetUsageAsync(QuotaLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var now = time.GetUtcNow();
        ExpireReservations(now);
        var current = await usage.GetUsageAsync(Principal, now - QuotaPolicy.StepWindow);
        var tokens = ModelTokenWindow.Used(state.State.Tokens, now);
        DateTimeOffset? freeAt = limits.MaxModelTokensPerDay is { } limit && tokens >= limit
            ? ModelTokenWindow.FreesAt(state.State.Tokens, now, limit)
            : null;
        return new PrincipalQuotaUsage(current.UnfinishedGoals + _reservations.Count, current.RecentSteps, tokens, freeAt, now);
    }

    private void ExpireReservations(DateTimeOffset now)
    {
        foreach (var expired in _reservations.Where(r => r.Value <= now).Select(r => r.Key).ToList())
        {
            _reservations.Remove(expired);
        }
    }
}
