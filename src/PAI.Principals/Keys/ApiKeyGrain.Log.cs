using Microsoft.Extensions.Logging;

namespace PAI.Principals.Keys;

public sealed partial class ApiKeyGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "API key {KeyId} created for principal {Principal} as {Role} by {Actor}")]
    private static partial void LogCreated(ILogger logger, string keyId, string principal, string role, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {KeyId} revoked by {Actor}")]
    private static partial void LogRevoked(ILogger logger, string keyId, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {KeyId} rotated to {NewKeyId} by {Actor}")]
    private static partial void LogRotated(ILogger logger, string keyId, string newKeyId, string actor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the last-used time of API key {KeyId} failed; it is written with the next use")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, string keyId);
}
