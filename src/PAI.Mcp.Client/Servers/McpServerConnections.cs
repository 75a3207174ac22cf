using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PAI.Mcp.Client.Servers;

/// <summary>The connections to every enabled declared server, by name.</summary>
public sealed class McpServerConnections : IAsyncDisposable
{
    /// <summary>Creates one connection per enabled declaration (none starts yet).</summary>
    public McpServerConnections(IOptions<McpServersOptions> options, ILoggerFactory loggers, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        ByName = value.Servers
            .Where(s => s.Value.Enabled)
            .ToFrozenDictionary(s => s.Key, s => new McpServerConnection(s.Key, s.Value, value, loggers, time), StringComparer.Ordinal);
    }

    /// <summary>The connections, by server name.</summary>
    public FrozenDictionary<string, McpServerConnection> ByName { get; }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var connection in ByName.Values)
        {
            await connection.DisposeAsync();
        }
    }
}
