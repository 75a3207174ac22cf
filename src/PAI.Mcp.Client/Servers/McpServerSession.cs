using System.Collections.Frozen;
using ModelContextProtocol.Client;
using PAI.Mcp.Client.Tools;

namespace PAI.Mcp.Client.Servers;

/// <summary>One live connection to a server and the tools it listed, by MCP name (replaced whole when the list changes).</summary>
/// <param name="Client">The connected client.</param>
/// <param name="Tools">The server's tools PAI registered.</param>
public sealed record McpServerSession(McpClient Client, FrozenDictionary<string, McpTool> Tools)
{
    /// <summary>True when the server listed the tool.</summary>
    public bool Has(string remoteName) => Tools.ContainsKey(remoteName);
}
