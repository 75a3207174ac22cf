using Microsoft.Extensions.Logging;

namespace PAI.Models.Gateway;

public sealed partial class ModelGateway
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Model configuration: {Problem}")]
    private static partial void LogConfigurationProblem(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GPU {DeviceId} serving a model endpoint is unreachable: {Reason}")]
    private static partial void LogDeviceUnreachable(ILogger logger, string deviceId, string reason);
}
