using Microsoft.Extensions.Logging;

namespace PAI.Gpu.Grains;

public sealed partial class GpuDeviceGrain
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "GPU {DeviceId}: queued {RequestId} for {Requester} ({QueueLength} waiting)")]
    private static partial void LogQueued(ILogger logger, string deviceId, string requestId, string requester, int queueLength);

    [LoggerMessage(Level = LogLevel.Information, Message = "GPU {DeviceId}: granted {RequestId} to {Requester} with token {FencingToken} after {Waited}")]
    private static partial void LogGranted(ILogger logger, string deviceId, string requestId, string requester, long fencingToken, TimeSpan waited);

    [LoggerMessage(Level = LogLevel.Information, Message = "GPU {DeviceId}: {RequestId} released token {FencingToken}")]
    private static partial void LogReleased(ILogger logger, string deviceId, string requestId, long fencingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GPU {DeviceId}: lease {RequestId} of {Requester} (token {FencingToken}) expired without a heartbeat")]
    private static partial void LogExpired(ILogger logger, string deviceId, string requestId, string requester, long fencingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GPU {DeviceId}: refused {Operation} of {RequestId} with stale token {FencingToken} (epoch {Epoch})")]
    private static partial void LogStaleToken(ILogger logger, string deviceId, string operation, string requestId, long fencingToken, long epoch);
}
