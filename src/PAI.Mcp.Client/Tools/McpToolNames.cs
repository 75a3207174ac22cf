namespace PAI.Mcp.Client.Tools;

/// <summary>How an MCP server's tool is named in PAI's registry: <c>mcp.&lt;server&gt;.&lt;tool&gt;</c>.</summary>
public static class McpToolNames
{
    /// <summary>The prefix of every MCP tool.</summary>
    public const string Prefix = "mcp.";

    /// <summary>The longest MCP tool name taken from a server (the MCP specification's limit).</summary>
    public const int MaxToolNameLength = 128;

    /// <summary>The registry name of a server's tool.</summary>
    public static string Of(string server, string tool) => $"{Prefix}{server}.{tool}";

    /// <summary>Splits a registry name into server and tool; false for a name that is not an MCP tool's.</summary>
    public static bool TryParse(string name, out string server, out string tool)
    {
        server = tool = "";
        if (name is null || !name.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var dot = name.IndexOf('.', Prefix.Length);
        if (dot <= Prefix.Length || dot == name.Length - 1)
        {
            return false;
        }

        server = name[Prefix.Length..dot];
        tool = name[(dot + 1)..];
        return true;
    }

    /// <summary>True for a tool name PAI takes from a server: 1-128 characters of letters, digits, '_', '-' and '.'
    /// (the MCP specification's names); anything else is skipped with a warning.</summary>
    public static bool IsValidToolName(string tool) =>
        tool is { Length: > 0 and <= MaxToolNameLength } && tool.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}
