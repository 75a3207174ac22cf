using System.Diagnostics.Metrics;

namespace PAI.Host.Mcp;

/// <summary>Meter "PAI.Mcp.Server": calls MCP clients make of PAI's tools and resources.</summary>
public static class McpServerTelemetry
{
    /// <summary>Meter name.</summary>
    public const string Name = "PAI.Mcp.Server";

    private static readonly Meter Meter = new(Name);

    /// <summary>Tool calls and resource reads, tagged with kind (tool, resource), name (tools only) and outcome.</summary>
    public static readonly Counter<long> Calls = Meter.CreateCounter<long>("pai.mcp.server.calls", description: "MCP tool calls and resource reads served, by kind, tool and outcome");
}
