using Microsoft.Extensions.Logging;

namespace PAI.Models.Gateway;

internal sealed partial class EndpointClient
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Model endpoint {Endpoint}: attempt {Attempt} in {Delay} after: {Reason}")]
    private static partial void LogRetry(ILogger logger, string endpoint, int attempt, TimeSpan delay, string reason);
}
