using Microsoft.Extensions.Options;
using PAI.Abstractions.Principals;

namespace PAI.Principals.Quotas;

/// <summary>
/// The one place submissions ask for quota (the goals API and schedule fires): free when the principal has no limits,
/// else an admission from its <see cref="IPrincipalQuotaGrain"/> that the caller disposes once the submission is done.
/// It is also the model gateway's <see cref="IModelTokenQuota"/>: tokens are counted for every principal (so that the
/// use is shown, and a limit configured later applies to the day already used), checked where a limit is set.
/// </summary>
public sealed class PrincipalQuotas(IOptionsMonitor<QuotaOptions> options, IGrainFactory grains) : IModelTokenQuota
{
    /// <summary>Admits one goal of <paramref name="principal"/>; dispose the result after submitting.</summary>
    public async Task<QuotaAdmission> AdmitAsync(string principal)
    {
        var limits = options.CurrentValue.For(principal);
        if (limits.IsUnlimited)
        {
            return QuotaAdmission.Unlimited;
        }

        var grain = grains.GetGrain<IPrincipalQuotaGrain>(principal);
        var result = await grain.AdmitAsync(limits);
        return new QuotaAdmission(grain, result.Ticket, result.Refusal);
    }

    /// <summary>The limits that apply to <paramref name="principal"/>.</summary>
    public QuotaLimits LimitsOf(string principal) => options.CurrentValue.For(principal);

    /// <summary>What <paramref name="principal"/> uses now of what its quotas limit.</summary>
    public Task<PrincipalQuotaUsage> UsageOfAsync(string principal) =>
        grains.GetGrain<IPrincipalQuotaGrain>(principal).GetUsageAsync(LimitsOf(principal));

    /// <inheritdoc />
    public async Task<QuotaRefusal?> CheckAsync(string principal, CancellationToken cancellationToken)
    {
        var limits = options.CurrentValue.For(principal);
        return limits.MaxModelTokensPerDay is null
            ? null
            : await grains.GetGrain<IPrincipalQuotaGrain>(principal).CheckModelTokensAsync(limits).WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task RecordAsync(string principal, long tokens, CancellationToken cancellationToken) =>
        tokens <= 0 ? Task.CompletedTask : grains.GetGrain<IPrincipalQuotaGrain>(principal).RecordModelTokensAsync(tokens).WaitAsync(cancellationToken);
}

/// <summary>An admission: either refused (<see cref="Refusal"/>), or a reservation released on dispose.</summary>
public sealed class QuotaAdmission : IAsyncDisposable
{
    private readonly IPrincipalQuotaGrain? _grain;
    private readonly Guid? _ticket;

    internal QuotaAdmission(IPrincipalQuotaGrain? grain, Guid? ticket, QuotaRefusal? refusal)
    {
        _grain = grain;
        _ticket = ticket;
        Refusal = refusal;
    }

    /// <summary>Admitted with nothing to release.</summary>
    public static QuotaAdmission Unlimited { get; } = new(null, null, null);

    /// <summary>Why the goal may not start; null when admitted.</summary>
    public QuotaRefusal? Refusal { get; }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_grain is not null && _ticket is { } ticket)
        {
            await _grain.ReleaseAsync(ticket);
        }
    }
}
