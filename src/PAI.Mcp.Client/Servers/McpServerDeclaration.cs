namespace PAI.Mcp.Client.Servers;

/// <summary>
/// One MCP server PAI connects to (configuration <c>Pai:Mcp:Servers:&lt;name&gt;</c>): a command started over stdio, or
/// an HTTP URL. Its tools become <c>mcp.&lt;name&gt;.&lt;tool&gt;</c>. Header and environment values are secrets as far as
/// PAI is concerned: they are passed on, never logged or shown.
/// </summary>
public sealed class McpServerDeclaration
{
    /// <summary>stdio: the executable to start (absolute, or looked up on PATH).</summary>
    public string? Command { get; set; }

    /// <summary>stdio: its arguments.</summary>
    public List<string> Arguments { get; set; } = [];

    /// <summary>stdio: environment variables set for it (besides the SDK's curated set: PATH, HOME, ...).</summary>
    public Dictionary<string, string> Environment { get; set; } = new(StringComparer.Ordinal);

    /// <summary>stdio: its working directory; null: the host's.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>HTTP: the server's endpoint (streamable HTTP, or the legacy SSE endpoint).</summary>
    public string? Url { get; set; }

    /// <summary>HTTP: headers sent with every request (e.g. <c>Authorization</c>).</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>HTTP: <c>auto</c> (streamable HTTP, falling back to SSE), <c>streamable</c> or <c>sse</c>.</summary>
    public string Transport { get; set; } = "auto";

    /// <summary>Every tool of the server may be called again after an interrupted call (it has its effect once).</summary>
    public bool Idempotent { get; set; }

    /// <summary>The tools (by their MCP name) that may be called again after an interrupted call.</summary>
    public List<string> IdempotentTools { get; set; } = [];

    /// <summary>The tools (by their MCP name, or <c>*</c> for all) whose every call needs a person's approval.</summary>
    public List<string> ApprovalTools { get; set; } = [];

    /// <summary>When not empty, only these tools (by their MCP name) are registered; the others are ignored.</summary>
    public List<string> Tools { get; set; } = [];

    /// <summary>The permission agents' allow-lists may name for every tool of the server; null: <c>mcp.&lt;name&gt;</c>.</summary>
    public string? Permission { get; set; }

    /// <summary>Per-attempt limit of a call (a step's own timeout replaces it).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest output accepted from one call, in bytes; null: the engine's cap.</summary>
    public long? MaxOutputBytes { get; set; }

    /// <summary>False to keep the declaration without connecting.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>True when the tool (by its MCP name) may be called again after an interrupted call.</summary>
    public bool IsIdempotent(string tool) => Idempotent || IdempotentTools.Contains(tool, StringComparer.Ordinal);

    /// <summary>True when every call of the tool needs approval.</summary>
    public bool NeedsApproval(string tool) => ApprovalTools.Contains("*", StringComparer.Ordinal) || ApprovalTools.Contains(tool, StringComparer.Ordinal);

    /// <summary>True when the tool is registered (no <see cref="Tools"/> filter, or the filter names it).</summary>
    public bool Exposes(string tool) => Tools.Count == 0 || Tools.Contains(tool, StringComparer.Ordinal);
}
