using System.Diagnostics.Metrics;

namespace PAI.Mcp.Client;

/// <summary>Meter "PAI.Mcp.Client": PAI's connections to MCP servers and the calls it makes of their tools.</summary>
public static class McpClientTelemetry
{
    /// <summary>Meter name.</summary>
    public const string Name = "PAI.Mcp.Client";

    private static readonly Meter Meter = new(Name);

    /// <summary>Sessions established, by server (more than one per server means it reconnected).</summary>
    public static readonly Counter<long> Connections = Meter.CreateCounter<long>("pai.mcp.client.connections", description: "Sessions established with MCP servers, by server");

    /// <summary>Tool calls, by server and outcome (ok, error, refused, broken, unknown).</summary>
    public static readonly Counter<long> Calls = Meter.CreateCounter<long>("pai.mcp.client.calls", description: "Calls of MCP servers' tools, by server and outcome");
}
