using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;

namespace PAI.Mcp.Client.Servers;

/// <summary>The SDK transport for a declaration: stdio for a command, HTTP (streamable, or legacy SSE) for a URL.</summary>
public static class McpTransports
{
    /// <summary>A new transport (each connection attempt gets its own: a stdio one starts a new process).</summary>
    public static IClientTransport Create(string server, McpServerDeclaration declaration, TimeSpan connectTimeout, ILoggerFactory loggers, Action<string> standardError)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        if (declaration.Command is { } command && !string.IsNullOrWhiteSpace(command))
        {
            // Not the host's whole environment (it holds PAI's own secrets: API keys, connection strings): the SDK's
            // curated set (PATH, HOME, ...) and what the declaration adds, as the TypeScript and Python SDKs do.
            var environment = StdioClientTransportOptions.GetDefaultEnvironmentVariables();
            foreach (var (name, value) in declaration.Environment)
            {
                environment[name] = value;
            }

            return new StdioClientTransport(
                new StdioClientTransportOptions
                {
                    Name = server,
                    Command = command,
                    Arguments = [.. declaration.Arguments],
                    WorkingDirectory = declaration.WorkingDirectory,
                    InheritEnvironmentVariables = false,
                    EnvironmentVariables = environment,
                    StandardErrorLines = standardError,
                },
                loggers);
        }

        return new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Name = server,
                Endpoint = new Uri(declaration.Url!),
                TransportMode = declaration.Transport switch
                {
                    "streamable" => HttpTransportMode.StreamableHttp,
                    "sse" => HttpTransportMode.Sse,
                    _ => HttpTransportMode.AutoDetect,
                },
                AdditionalHeaders = new Dictionary<string, string>(declaration.Headers, StringComparer.OrdinalIgnoreCase),
                ConnectionTimeout = connectTimeout,
            },
            loggers);
    }
}
