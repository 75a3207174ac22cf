using Microsoft.Extensions.Logging;

namespace PAI.AppHost;

/// <summary>The summary's log messages (once per run, so Information).</summary>
public sealed partial class ClusterSummary
{
    [LoggerMessage(Level = LogLevel.Information, Message = "PAI development cluster is up: {Count} silo(s) on PostgreSQL")]
    private static partial void LogClusterUp(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "  {Silo}: API {Url}/api, console {Url}/, readiness {Url}/readyz")]
    private static partial void LogSilo(ILogger logger, string silo, string url);

    [LoggerMessage(Level = LogLevel.Information, Message = "  Aspire dashboard {Url} (logs, traces and metrics of every silo); log in with {LoginUrl}")]
    private static partial void LogDashboard(ILogger logger, string url, string loginUrl);

    [LoggerMessage(Level = LogLevel.Information, Message = "  admin API key in {File}: export PAI_API_KEY=$(cat {File})")]
    private static partial void LogApiKey(ILogger logger, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "  data folder {Folder} ({Fate})")]
    private static partial void LogDataFolder(ILogger logger, string folder, string fate);
}
