namespace PAI.Mcp.Client.Servers;

/// <summary>The MCP servers PAI is a client of (configuration section <c>Pai:Mcp</c>).</summary>
public sealed class McpServersOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Pai:Mcp";

    /// <summary>The servers, by name (the <c>&lt;server&gt;</c> of <c>mcp.&lt;server&gt;.&lt;tool&gt;</c>).</summary>
    public Dictionary<string, McpServerDeclaration> Servers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long one connection attempt (start or connect, then the handshake and the tool list) may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the host's start waits for the servers' first connection before it goes on without them.</summary>
    public TimeSpan StartWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The longest wait between reconnection attempts (they back off from one second up to this).</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);
}
