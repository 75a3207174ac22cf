namespace PAI.Host.Faults;

/// <summary>Logged once when a store fault begins and once when it ends, never per request.</summary>
public sealed partial class StoreFaultState
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Store writes are failing ({Kind}: {Reason}); answering 503/507 with Retry-After and /readyz unhealthy until a write succeeds")]
    private static partial void LogFaultBegan(ILogger logger, StorageFaultKind kind, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Store writes work again after {Kind} for {Seconds:F1} s; /readyz is healthy")]
    private static partial void LogFaultEnded(ILogger logger, StorageFaultKind kind, double seconds);
}
