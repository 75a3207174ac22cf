namespace PAI.Abstractions.Principals;

/// <summary>
/// The model gateway's view of the principals' token quotas: asked before every model call made for a principal, told
/// the tokens of every answered call. Absent where principals are not hosted (no quota is then checked).
/// </summary>
public interface IModelTokenQuota
{
    /// <summary>Null when <paramref name="principal"/> may make another model call; else the token quota's refusal.</summary>
    Task<QuotaRefusal?> CheckAsync(string principal, CancellationToken cancellationToken);

    /// <summary>Adds an answered call's tokens to the principal's count of the day.</summary>
    Task RecordAsync(string principal, long tokens, CancellationToken cancellationToken);
}
