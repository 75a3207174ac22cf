namespace PAI.Abstractions.Storage;

/// <summary>Per-principal usage read from the goal index, for quotas.</summary>
public interface IPrincipalUsageStore
{
    /// <summary>The principal's unfinished goals, and the steps of its goals created at or after <paramref name="stepsSince"/>.</summary>
    Task<PrincipalUsage> GetUsageAsync(string principal, DateTimeOffset stepsSince, CancellationToken cancellationToken = default);
}
