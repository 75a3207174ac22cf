using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PAI.Host.Faults;

/// <summary>
/// Readiness: PAI can write. Each probe writes durably (a file of <see cref="StoreFaultState.BytesNeeded"/> bytes in
/// the data folder, a commit in the store); while any fails, or until one succeeds after a request hit a store fault,
/// the check is unhealthy, so <c>/readyz</c> tells load balancers and people that writes will not be taken.
/// </summary>
public sealed class StoreWritableCheck(IEnumerable<IStoreWriteProbe> probes, StoreFaultState state) : IHealthCheck
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var bytes = state.BytesNeeded;
        foreach (var probe in probes)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ProbeTimeout);
            try
            {
                await probe.ProbeAsync(bytes, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                var fault = new StorageFault(StorageFaultKind.Unavailable, $"{probe.Name} did not answer within {ProbeTimeout.TotalSeconds:F0} s");
                state.ReportFromProbe(fault);
                return HealthCheckResult.Unhealthy(Describe(probe, fault));
            }
            catch (Exception ex) when (StorageFaultClassifier.Classify(ex) is { } fault)
            {
                state.ReportFromProbe(fault);
                return HealthCheckResult.Unhealthy(Describe(probe, fault));
            }
        }

        state.Clear();
        return HealthCheckResult.Healthy();
    }

    private string Describe(IStoreWriteProbe probe, StorageFault fault) =>
        $"{probe.Name}: {fault.Kind} since {state.Since:O} ({fault.Reason})";
}
