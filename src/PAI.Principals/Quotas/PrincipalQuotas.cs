using Microsoft.Extensions.Options;
using PAI.Abstractions.Principals;

namespace PAI.Principals.Quotas;

/// <summary>
/// The one place submissions ask for quota (the goals API and schedule fires): free when the principal has no limits,
/// else an admission from its <see cref="IPrincipalQuotaGrain"/> that the caller disposes once the submission is done.
/// </summary>
public sealed class PrincipalQuotas(IOptionsMonitor<QuotaOptions> options, IGrainFactory grains)
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
