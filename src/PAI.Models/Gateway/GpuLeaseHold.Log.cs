using Microsoft.Extensions.Logging;

namespace PAI.Models.Gateway;

internal sealed partial class GpuLeaseHold
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "GPU lease on {DeviceId} (token {Token}) lost during a model call")]
    private static partial void LogLeaseLost(ILogger logger, string deviceId, long token);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GPU lease heartbeat to {DeviceId} failed")]
    private static partial void LogHeartbeatFailed(ILogger logger, Exception exception, string deviceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GPU lease release or cancel for {Target} failed; it expires after its TTL")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string target);
}
